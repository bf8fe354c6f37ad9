package org.xwebpreferences.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;

/**
 * Issues and checks AuthorizationTokens. A token is 128 random bits written as
 * a GUID; only its SHA-256 hash is stored, in the shared database, so every
 * server node accepts every node's tokens. A plain hash is enough: the token
 * is random and long, unlike a password.
 */
public final class TokenService {

    /** The field named in errors: the header element that carries the token. */
    public static final String FIELD = "AuthorizationToken.Token";

    private final TokenStore tokens;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration lifetime;
    private final boolean singleUse;
    private final TokenEvents events;
    private final RecentTokens recent;
    /**
     * The token this node handed back for each presented token past half its
     * lifetime, until that one expires: a client (or a pool of workers) that
     * keeps presenting the token it got from Authenticate gets the same new
     * one every time, not a new one, and a database write, per call.
     */
    private final Map<String, Successor> successors = new ConcurrentHashMap<>();

    private record Successor(String token, Instant predecessorExpires) {
    }

    public TokenService(TokenStore tokens, Clock clock, SecureRandom random, Duration lifetime, boolean singleUse) {
        this(tokens, clock, random, lifetime, singleUse, TokenEvents.NONE);
    }

    public TokenService(TokenStore tokens, Clock clock, SecureRandom random, Duration lifetime, boolean singleUse,
                        TokenEvents events) {
        this.events = events;
        this.recent = new RecentTokens(clock);
        this.tokens = tokens;
        this.clock = clock;
        this.random = random;
        this.lifetime = lifetime;
        this.singleUse = singleUse;
    }

    /**
     * A new token, valid for the configured lifetime, for a user who has just
     * logged in; a failed login after all if the user's password changed (or the
     * user was disabled) since it was checked.
     */
    public String issue(User user) {
        return issue(user.id(), user.passwordHash()).orElseThrow(Authenticator::failed);
    }

    /** A new token, unless the user's password is no longer {@code passwordHash} or the user is disabled. */
    private Optional<String> issue(long userId, String passwordHash) {
        return issue(userId, passwordHash, null);
    }

    /** As {@link #issue(long, String)}, and where {@code predecessorHash} is given, only while it is stored. */
    private Optional<String> issue(long userId, String passwordHash, String predecessorHash) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        String token = new UUID(buffer.getLong(), buffer.getLong()).toString();
        Instant now = clock.instant();
        boolean stored = predecessorHash == null
                ? tokens.insert(hash(token), userId, passwordHash, now, now.plus(lifetime))
                : tokens.insertSuccessor(hash(token), predecessorHash, userId, passwordHash, now, now.plus(lifetime));
        if (!stored) {
            return Optional.empty();
        }
        events.issued();
        return Optional.of(token);
    }

    /**
     * Whether the token is stored and usable now, read from the database, not
     * from this node's copy of its row: a Basic pair's check (once a minute)
     * asks, and a copy a Bearer call had just made kept a revoked token handed
     * back for another minute (review).
     */
    public boolean isLive(String token) {
        return tokens.find(hash(token)).filter(this::isUsable).isPresent();
    }

    /** Whether each token is spent on its first use (--single-use-tokens). */
    public boolean singleUse() {
        return singleUse;
    }

    /**
     * Accepts a presented token or throws an unauthenticated error. The session
     * carries the token for the response: the same one while more than half its
     * lifetime is left (so most calls write nothing), otherwise its successor,
     * issued at the first such call (on this node) and handed back after; with
     * single-use tokens the presented one is spent and a new one always issued.
     */
    public Session check(String presented) {
        try {
            return accept(presented);
        } catch (XwebError e) {
            if (e.kind() == ErrorKind.UNAUTHENTICATED) {
                events.rejected();
            }
            throw e;
        }
    }

    private Session accept(String presented) {
        if (presented == null || Texts.isBlank(presented)) {
            throw XwebError.unauthenticated(FIELD, FIELD + ": a token is required; call Authenticate to get one");
        }
        String token = canonical(presented);
        String hash = hash(token);
        if (singleUse) {
            TokenRecord record = tokens.find(hash).filter(this::isUsable).orElseThrow(TokenService::rejected);
            if (!tokens.delete(hash)) {
                throw rejected(); // another request spent it first
            }
            return new Session(record.userName(),
                    issue(record.userId(), record.userPasswordHash()).orElseThrow(TokenService::rejected));
        }
        TokenRecord record = lookUp(hash).filter(this::isUsable).orElseThrow(TokenService::rejected);
        Duration left = Duration.between(clock.instant(), record.expiresAt());
        boolean fresh = left.compareTo(lifetime.dividedBy(2)) > 0;
        return new Session(record.userName(), fresh ? token : successor(hash, record));
    }

    private String successor(String hash, TokenRecord record) {
        Successor known = successors.get(hash);
        if (known != null) {
            return known.token();
        }
        // Issued outside the map's lock (it writes to the database); when two
        // calls race, one successor is kept and the other simply expires unused.
        Successor issued = new Successor(issueAfter(hash, record), record.expiresAt());
        Successor kept = successors.putIfAbsent(hash, issued);
        return (kept == null ? issued : kept).token();
    }

    /**
     * A successor for a usable token. The row may be a few seconds old (this
     * node's memory): where the password hash changed since (another node
     * strengthened it at a login), the row is read again, and a token that a
     * password change or a disabling revoked meanwhile gets no successor (one
     * revoked by disabling the user, who was enabled again within the seconds
     * the row is kept, got one that outlived the revocation: audit).
     */
    private String issueAfter(String hash, TokenRecord record) {
        Optional<String> issued = issue(record.userId(), record.userPasswordHash(), hash);
        if (issued.isPresent()) {
            return issued.get();
        }
        TokenRecord current = tokens.find(hash).filter(this::isUsable).orElseThrow(TokenService::rejected);
        return issue(current.userId(), current.userPasswordHash(), hash).orElseThrow(TokenService::rejected);
    }

    /** The token's row: from this node's memory when it was read a moment ago, else from the database. */
    private Optional<TokenRecord> lookUp(String hash) {
        Optional<TokenRecord> cached = recent.get(hash);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<TokenRecord> stored = tokens.find(hash);
        stored.ifPresent(record -> recent.put(hash, record));
        return stored;
    }

    /** Removes expired tokens; safe to run on several nodes at once. */
    public int purgeExpired() {
        Instant now = clock.instant();
        successors.values().removeIf(successor -> !now.isBefore(successor.predecessorExpires()));
        return tokens.purgeExpired(now);
    }

    private boolean isUsable(TokenRecord record) {
        return record.userEnabled() && clock.instant().isBefore(record.expiresAt());
    }

    private static XwebError rejected() {
        return XwebError.unauthenticated(FIELD,
                FIELD + ": the token is unknown or has expired; call Authenticate for a new one");
    }

    /** The token in lower case without braces; anything that is not a GUID matches no token. */
    private static String canonical(String presented) {
        try {
            return Guid.parse(FIELD, presented).toString();
        } catch (XwebError notAGuid) {
            throw rejected();
        }
    }

    /** The stored form of a token: the hex SHA-256 of its canonical text. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
