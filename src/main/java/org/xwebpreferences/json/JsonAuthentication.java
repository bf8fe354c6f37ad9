package org.xwebpreferences.json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.xwebpreferences.auth.Authenticator;
import org.xwebpreferences.auth.CredentialCache;
import org.xwebpreferences.auth.Session;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;

/** The Authorization header of a JSON call: Basic name and password, or a Bearer token. */
final class JsonAuthentication {

    private final TokenService tokens;
    private final CredentialCache credentials;

    JsonAuthentication(TokenService tokens, CredentialCache credentials) {
        this.tokens = tokens;
        this.credentials = credentials;
    }

    /** The caller's session from the Authorization headers, or an unauthenticated error. */
    Session session(List<String> headers) {
        if (headers != null && headers.size() > 1) {
            // Which one counts would be a guess (proxies and servers differ): refuse both.
            throw XwebError.unauthenticated("Authorization", "Authorization: appears more than once: send one");
        }
        return session(headers == null || headers.isEmpty() ? null : headers.get(0));
    }

    private Session session(String authorization) {
        String value = authorization == null ? "" : withoutHttpSpace(authorization);
        if (value.isEmpty()) {
            throw XwebError.unauthenticated("Authorization",
                    "Authorization: send 'Basic base64(user:password)' or 'Bearer TOKEN'");
        }
        int space = 0;
        while (space < value.length() && !isHttpSpace(value.charAt(space))) {
            space++;
        }
        String credentialsPart = withoutHttpSpace(value.substring(space));
        return switch (value.substring(0, space).toLowerCase(Locale.ROOT)) {
            case "bearer" -> bearer(credentialsPart);
            case "basic" -> basic(credentialsPart);
            default -> throw XwebError.unauthenticated("Authorization",
                    "Authorization: the scheme must be Basic or Bearer");
        };
    }

    /** HTTP's white space in a header (RFC 9110 5.6.3): space and tab, nothing else. */
    private static boolean isHttpSpace(int c) {
        return c == ' ' || c == '\t';
    }

    private static String withoutHttpSpace(String text) {
        return Texts.strip(text, JsonAuthentication::isHttpSpace);
    }

    /** The token service speaks of the SOAP header; a JSON client sent the Authorization header. */
    private Session bearer(String token) {
        try {
            return tokens.check(token);
        } catch (XwebError e) {
            if (e.kind() != ErrorKind.UNAUTHENTICATED) {
                throw e;
            }
            throw XwebError.unauthenticated("Authorization", e.getMessage()
                    .replace(TokenService.FIELD + ": the token", "Authorization: the Bearer token")
                    .replace(TokenService.FIELD + ": a token", "Authorization: a Bearer token"));
        }
    }

    /**
     * The pair is read as UTF-8, as the challenge says (RFC 7617); bytes that
     * are not UTF-8 are read as ISO-8859-1, which older Basic clients (Java's
     * and .NET's among them) write and which is then the only reading they can have.
     */
    private Session basic(String encoded) {
        if (encoded.isEmpty()) {
            throw XwebError.unauthenticated("Authorization",
                    "Authorization: Basic needs a user name and password: send 'Basic base64(user:password)'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw XwebError.unauthenticated("Authorization", "Authorization: Basic credentials are not base64");
        }
        String pair = new String(bytes, Texts.isValid(bytes, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw Authenticator.failed();
        }
        return credentials.login(pair.substring(0, colon), pair.substring(colon + 1));
    }
}
