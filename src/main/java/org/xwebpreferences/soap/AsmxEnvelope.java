package org.xwebpreferences.soap;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Metro writes its answers as {@code <S:Envelope xmlns:S="...">}; ASMX, and
 * the seed's sample response, as {@code <soap:Envelope>} that declares xsi and
 * xsd too. Clients that compare text (a replayed sample, a regular expression
 * on {@code <soap:Body>}) see the seed's form: the envelope's own tags are
 * renamed and Metro's payload bytes are kept as they are. An answer of any
 * other shape, or whose header or payload might use the prefix S (an
 * {@code S:} after {@code <}, {@code /}, white space, a quote or {@code >}:
 * element, attribute, QName value; also text such as "Class S: basics", where
 * it would be harmless) goes out as Metro wrote it: still correct XML.
 */
final class AsmxEnvelope {

    private static final byte[] METRO_DECLARATION = bytes("<?xml version='1.0' encoding='UTF-8'?>");
    private static final byte[] HEADER_START = bytes("<S:Header>");
    private static final byte[] HEADER_END = bytes("</S:Header>");
    private static final byte[] BODY_START = bytes("<S:Body>");
    private static final byte[] BODY_END = bytes("</S:Body></S:Envelope>");
    private static final byte[] PREFIX_S = bytes("S:");
    private static final byte[] ASMX_HEADER_START = bytes("<soap:Header>");
    private static final byte[] ASMX_HEADER_END_BODY_START = bytes("</soap:Header><soap:Body>");
    private static final byte[] ASMX_BODY_START = bytes("<soap:Body>");
    private static final byte[] ASMX_BODY_END = bytes("</soap:Body></soap:Envelope>");
    private static final Map<SoapVersion, byte[]> METRO_ENVELOPE_START = new EnumMap<>(SoapVersion.class);
    private static final Map<SoapVersion, byte[]> ASMX_ENVELOPE_START = new EnumMap<>(SoapVersion.class);

    static {
        for (SoapVersion version : SoapVersion.values()) {
            METRO_ENVELOPE_START.put(version, bytes("<S:Envelope xmlns:S=\"" + version.envelopeNamespace() + "\">"));
            ASMX_ENVELOPE_START.put(version, bytes(start(version)));
        }
    }

    private AsmxEnvelope() {
    }

    /** The start of every envelope this server writes, faults included: the declaration and the Envelope tag. */
    static String start(SoapVersion version) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" + version.envelopeNamespace()
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">";
    }

    /**
     * Metro's answer with the envelope written as ASMX writes it, or unchanged
     * where its shape is not the expected one. Only the envelope's own tags are
     * new bytes: the header and the payload are sent from Metro's buffer, so a
     * large answer is never copied.
     */
    static SoapAnswer from(AnswerBuffer metro, SoapVersion version) {
        byte[] envelopeStart = METRO_ENVELOPE_START.get(version);
        int at = METRO_DECLARATION.length + envelopeStart.length;
        if (!startsWith(metro, 0, METRO_DECLARATION) || !startsWith(metro, METRO_DECLARATION.length, envelopeStart)
                || !startsWith(metro, metro.size() - BODY_END.length, BODY_END)) {
            return SoapAnswer.whole(metro);
        }
        int headerFrom = -1;
        int headerTo = -1;
        if (startsWith(metro, at, HEADER_START)) {
            headerFrom = at + HEADER_START.length;
            headerTo = indexOf(metro, HEADER_END, headerFrom, metro.size());
            if (headerTo < 0 || mayUsePrefixS(metro, headerFrom, headerTo)) {
                return SoapAnswer.whole(metro);
            }
            at = headerTo + HEADER_END.length;
        }
        int bodyTo = metro.size() - BODY_END.length;
        if (!startsWith(metro, at, BODY_START) || mayUsePrefixS(metro, at + BODY_START.length, bodyTo)) {
            return SoapAnswer.whole(metro);
        }
        SoapAnswer answer = new SoapAnswer(metro).add(ASMX_ENVELOPE_START.get(version));
        if (headerFrom >= 0) {
            answer.add(ASMX_HEADER_START).add(headerFrom, headerTo).add(ASMX_HEADER_END_BODY_START);
        } else {
            answer.add(ASMX_BODY_START);
        }
        return answer.add(at + BODY_START.length, bodyTo).add(ASMX_BODY_END);
    }

    private static boolean mayUsePrefixS(AnswerBuffer bytes, int from, int to) {
        for (int at = indexOf(bytes, PREFIX_S, from, to); at >= 0; at = indexOf(bytes, PREFIX_S, at + 1, to)) {
            if (at == from || "</ \t\r\n\"'>".indexOf(bytes.byteAt(at - 1)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(AnswerBuffer bytes, int from, byte[] part) {
        if (from < 0 || from + part.length > bytes.size()) {
            return false;
        }
        for (int i = 0; i < part.length; i++) {
            if (bytes.byteAt(from + i) != part[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where part starts within bytes[from, to), or -1. */
    private static int indexOf(AnswerBuffer bytes, byte[] part, int from, int to) {
        for (int i = bytes.indexOf(part[0], from, to); i >= 0 && i + part.length <= to;
                i = bytes.indexOf(part[0], i + 1, to)) {
            if (startsWith(bytes, i, part)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
