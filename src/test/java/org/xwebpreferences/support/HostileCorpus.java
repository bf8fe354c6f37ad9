package org.xwebpreferences.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hostile request corpus under src/test/resources/hostile: one request body
 * per case ({@code NAME.xml} or {@code NAME.json}), and beside it
 * {@code NAME.expected}, a UTF-8 properties file with the answer the server
 * owes it:
 *
 * <ul>
 * <li>{@code path}, {@code contentType}, {@code soapAction} (optional),
 *     {@code authorization} (optional): how the body is sent</li>
 * <li>{@code status}; {@code faultCode} (SOAP), {@code field} (the fault's
 *     FaultDetail/Field or the JSON error's field), {@code message} (a substring
 *     of the fault string or the JSON error); {@code maxMillis}, the longest the
 *     answer may take</li>
 * <li>{@code mustNotContain}: text the answer must not hold (e.g. {@code root:})</li>
 * <li>{@code stored.customer}, {@code stored.rows} and {@code stored.N.list},
 *     {@code stored.N.name}, {@code stored.N.status}: for a case that is meant to
 *     be stored, what GetAll must return afterwards (an empty name: none)</li>
 * <li>{@code encoding}: the charset the body is written in, where it is not
 *     UTF-8, so that placeholders can be replaced in it</li>
 * <li>{@code bug}: a one-line description of a bug this case shows; such a case
 *     is replayed by a disabled test of its own instead of with the others</li>
 * </ul>
 *
 * Placeholders, in bodies and expected values: {@code {{TOKEN}}} a valid token,
 * {@code {{CANARY}}} the port of a socket that must never be connected to,
 * {@code {{REPEAT:n:text}}} the text n times (so that no file has to be large).
 */
public final class HostileCorpus {

    private static final Pattern REPEAT = Pattern.compile("\\{\\{REPEAT:(\\d+):(.*?)}}", Pattern.DOTALL);

    private HostileCorpus() {
    }

    /** One case: its name, the raw body as stored, and its expected answer. */
    public record Case(String name, String extension, byte[] rawBody, Properties expected) {

        public String get(String key) {
            return expected.getProperty(key);
        }

        public String get(String key, String otherwise) {
            return expected.getProperty(key, otherwise);
        }

        public boolean isSoap() {
            return get("path").startsWith("/xWeb/Secure/");
        }

        public boolean isStored() {
            return get("stored.customer") != null;
        }

        public String bug() {
            return get("bug");
        }

        public int storedRows() {
            return Integer.parseInt(get("stored.rows", "0"));
        }

        /** The body to send, with every placeholder replaced. */
        public byte[] body(Map<String, String> values) {
            // ISO-8859-1 maps every byte to one char and back: bytes that are not text
            // (invalid UTF-8, NULs, a wrong BOM) go out exactly as stored.
            Charset charset = get("encoding") == null ? StandardCharsets.ISO_8859_1 : Charset.forName(get("encoding"));
            return expand(new String(rawBody, charset), values).getBytes(charset);
        }

        @Override
        public String toString() {
            return name + "." + extension;
        }
    }

    /** Every case, by name. */
    public static List<Case> cases() {
        Path directory = directory();
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path expected : files.filter(file -> file.toString().endsWith(".expected")).sorted().toList()) {
                String name = expected.getFileName().toString().replaceFirst("\\.expected$", "");
                cases.add(load(directory, name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** The case of that name. */
    public static Case named(String name) {
        return load(directory(), name);
    }

    /** The names of the files in the corpus directory. */
    public static List<String> fileNames() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case load(Path directory, String name) {
        try {
            Properties expected = new Properties();
            try (Reader reader = Files.newBufferedReader(directory.resolve(name + ".expected"), StandardCharsets.UTF_8)) {
                expected.load(reader);
            }
            for (String extension : List.of("xml", "json")) {
                Path body = directory.resolve(name + "." + extension);
                if (Files.exists(body)) {
                    return new Case(name, extension, Files.readAllBytes(body), expected);
                }
            }
            throw new IllegalStateException("No " + name + ".xml or " + name + ".json beside " + name + ".expected");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {{REPEAT:n:text}} expanded, and {{KEY}} replaced by values.get(KEY). */
    public static String expand(String text, Map<String, String> values) {
        Matcher repeat = REPEAT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(out, Matcher.quoteReplacement(repeat.group(2).repeat(Integer.parseInt(repeat.group(1)))));
        }
        repeat.appendTail(out);
        String expanded = out.toString();
        for (Map.Entry<String, String> value : values.entrySet()) {
            expanded = expanded.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        return expanded;
    }

    private static Path directory() {
        URL url = HostileCorpus.class.getResource("/hostile");
        if (url == null) {
            throw new IllegalStateException("No hostile/ directory on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
