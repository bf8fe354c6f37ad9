package org.xwebpreferences.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers name-and-password pairs that were verified a moment ago, so that
 * a client sending HTTP Basic on every call pays the deliberately slow
 * password hash about once a minute instead of on every call, and gets a
 * token that is reused while it is fresh instead of a database write per call.
 *
 * Entries are keyed by an HMAC of the pair under a key that lives only in
 * this process, so the cache holds no password, and a changed password or a
 * disabled user takes effect within {@link #MAX_AGE}.
 */
public final class CredentialCache {

    public static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 10_000;

    /** A verified pair: whose it is, and the token handed to it last. */
    private record Entry(long userId, String userName, Instant verifiedAt, String token, Instant tokenIssuedAt) {
    }

    private final Authenticator authenticator;
    private final TokenService tokens;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final boolean singleUseTokens;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public CredentialCache(Authenticator authenticator, TokenService tokens, Clock clock, SecureRandom random,
                           Duration tokenLifetime, boolean singleUseTokens) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        this.singleUseTokens = singleUseTokens;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A session for the pair, or the one answer every failed login gets. */
    public Session login(String name, String password) {
        String id = fingerprint(name, password);
        Instant now = clock.instant();
        Entry entry = cached(id, now);
        if (entry == null) {
            User user = authenticator.login(name, password);
            entry = new Entry(user.id(), user.name(), now, null, null);
        }
        if (entry.token() == null || singleUseTokens || !fresh(entry.tokenIssuedAt(), now)) {
            entry = new Entry(entry.userId(), entry.userName(), entry.verifiedAt(), tokens.issue(entry.userId()), now);
        }
        remember(id, entry);
        return new Session(entry.userName(), entry.token());
    }

    private boolean fresh(Instant issuedAt, Instant now) {
        return Duration.between(issuedAt, now).compareTo(tokenLifetime.dividedBy(2)) < 0;
    }

    private synchronized Entry cached(String id, Instant now) {
        Entry entry = entries.get(id);
        if (entry != null && Duration.between(entry.verifiedAt(), now).compareTo(MAX_AGE) >= 0) {
            entries.remove(id);
            return null;
        }
        return entry;
    }

    private synchronized void remember(String id, Entry entry) {
        entries.put(id, entry);
    }

    private String fingerprint(String name, String password) {
        if (name == null || password == null) {
            throw Authenticator.failed();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
