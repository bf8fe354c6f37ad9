package org.xwebpreferences.http;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For debugging a client: request and response bodies in the log, cut to
 * {@value #MAX_BYTES} bytes, with tokens and passwords masked. Off unless
 * switched on with --wire-dump; logs to {@value #LOGGER} at INFO.
 */
public final class WireDump {

    public static final String LOGGER = "xweb.wire";
    static final int MAX_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final String MASK = "$1****$2";
    private static final Pattern[] SECRETS = {
        // <Token>..</Token>, <ns:password>..</ns:password>, <AuthenticateResult>..</AuthenticateResult>
        Pattern.compile("(<(?:[\\w.-]+:)?(?:Token|password|AuthenticateResult)(?:\\s[^>]*)?>)[^<]*(</)"),
        // "password": "..", "token": ".."
        Pattern.compile("(\"(?:password|token)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")"),
    };

    private final boolean enabled;

    public WireDump(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public void request(String correlationId, String method, String path, byte[] body) {
        if (enabled) {
            LOG.info("[{}] request {} {}: {}", correlationId, method, path, mask(body));
        }
    }

    public void response(String correlationId, int status, byte[] body) {
        if (enabled) {
            LOG.info("[{}] response {}: {}", correlationId, status, mask(body));
        }
    }

    /** The body as text, cut to the limit, with every token and password replaced by ****. */
    static String mask(byte[] body) {
        if (body == null || body.length == 0) {
            return "(no body)";
        }
        int length = Math.min(body.length, MAX_BYTES);
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        for (Pattern secret : SECRETS) {
            text = secret.matcher(text).replaceAll(MASK);
        }
        // A secret cut off by the limit has no closing tag or quote to match: drop the tail.
        int open = Math.max(text.lastIndexOf("<Token"), Math.max(text.lastIndexOf("password"), text.lastIndexOf("token\"")));
        if (body.length > MAX_BYTES && open >= 0 && text.indexOf("****", open) < 0) {
            text = text.substring(0, open);
        }
        return body.length > MAX_BYTES ? text + "... (" + body.length + " bytes)" : text;
    }
}
