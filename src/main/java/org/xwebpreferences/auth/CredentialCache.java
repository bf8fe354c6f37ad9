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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;

/**
 * Remembers name-and-password pairs that were verified a moment ago, so that
 * a client sending HTTP Basic on every call pays the deliberately slow
 * password hash about once a minute instead of on every call, and gets a
 * token that is reused while it is fresh instead of a database write per call;
 * and so that Authenticate calls of one pair at once share one check (each
 * still gets a new token).
 *
 * Entries are keyed by an HMAC of the pair under a key that lives only in
 * this process, so the cache holds no password. A pair is checked again once
 * its check is {@link #MAX_AGE} old: by one request, while the others go on
 * with the pair as it was (for at most another {@link #MAX_AGE}), so that a
 * busy client does not run the slow hash in every request at that moment.
 * A changed password or a disabled user takes effect within two minutes, and
 * a token revoked meanwhile is handed back no more after the next check.
 */
public final class CredentialCache {

    public static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** How long a request waits for another request's check of the same pair. */
    static final Duration WAIT_FOR_CHECK = Duration.ofSeconds(10);
    private static final int MAX_ENTRIES = 10_000;
    /**
     * Requests that may wait at once, in all, for checks others are running of
     * their pairs; the rest are told at once to try again, as the login
     * limiter tells them, so that a flood of one name and password cannot hold
     * every worker (64 by default) while a slow hash runs (review). Two sync
     * jobs of 16 workers logging in together fit.
     */
    static final int MAX_WAITING = 32;

    /** A verified pair: whose it is (as of its last check), when it was checked, and the token handed to it last. */
    private static final class Entry {
        final AtomicBoolean rechecking = new AtomicBoolean();
        volatile User user;
        volatile Instant verifiedAt;
        String token;
        Instant tokenIssuedAt;

        Entry(User user, Instant verifiedAt) {
            this.user = user;
            this.verifiedAt = verifiedAt;
        }
    }

    private final Authenticator authenticator;
    private final TokenService tokens;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final boolean singleUseTokens;
    private final Duration waitForCheck;
    private final SecretKeySpec key;
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> checking = new ConcurrentHashMap<>();
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public CredentialCache(Authenticator authenticator, TokenService tokens, Clock clock, SecureRandom random,
                           Duration tokenLifetime, boolean singleUseTokens) {
        this(authenticator, tokens, clock, random, tokenLifetime, singleUseTokens, WAIT_FOR_CHECK);
    }

    CredentialCache(Authenticator authenticator, TokenService tokens, Clock clock, SecureRandom random,
                    Duration tokenLifetime, boolean singleUseTokens, Duration waitForCheck) {
        this.waitForCheck = waitForCheck;
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
        Entry entry = verified(id, name, password);
        if (singleUseTokens) {
            // A new token on every call, a durable write: issued outside the pair's lock, or the calls of
            // one pair wrote one after another (Basic at half of Bearer's throughput: review).
            return new Session(entry.user.name(), issue(id, entry, name, password));
        }
        synchronized (entry) {
            Instant now = clock.instant();
            if (entry.token == null || !fresh(entry.tokenIssuedAt, now)) {
                entry.token = issue(id, entry, name, password);
                entry.tokenIssuedAt = now;
            }
            return new Session(entry.user.name(), entry.token);
        }
    }

    /**
     * Authenticate as an operation: a new token on every call, as xWeb's, and
     * the pair's check shared as {@link #login}'s is, so that a sync job's
     * workers that all log in at once take one slow hash, not one each, and
     * are not told that too many logins are being checked (contract audit: 3
     * of 8 such calls were). A missing userName or password is named.
     */
    public Session authenticate(String userName, String password) {
        requireNameAndPassword(userName, password);
        String id = fingerprint(userName, password);
        Entry entry = verified(id, userName, password);
        return new Session(entry.user.name(), issue(id, entry, userName, password));
    }

    /** A missing userName or password is the client's mistake, named as such before any login is tried. */
    private static void requireNameAndPassword(String userName, String password) {
        if (userName == null || userName.isEmpty()) {
            throw XwebError.invalid("userName", "is required");
        }
        if (password == null || password.isEmpty()) {
            throw XwebError.invalid("password", "is required");
        }
    }

    /**
     * A token for the pair's user. One is refused when the stored password hash
     * is no longer the one remembered: the password changed, or a node with more
     * iterations hashed the same one again. The pair is then checked again, once:
     * calls refused together take turns, and those after the first use what it
     * found (each ran a hash of its own, and some were told too many logins were
     * being checked: review).
     */
    private String issue(String id, Entry entry, String name, String password) {
        User refused = entry.user;
        try {
            return tokens.issue(refused);
        } catch (XwebError hashChanged) {
            if (hashChanged.kind() == ErrorKind.UNAVAILABLE) {
                throw hashChanged; // the database is away: checking the pair again would wait for it once more
            }
            synchronized (entry) {
                try {
                    if (entry.user == refused) {
                        entry.user = authenticator.login(name, password);
                    }
                    return tokens.issue(entry.user);
                } catch (XwebError failed) {
                    if (failed.kind() != ErrorKind.UNAVAILABLE) {
                        forget(id);
                    }
                    throw failed;
                }
            }
        }
    }

    /** The entry of a pair checked within {@link #MAX_AGE} (or being checked again right now). */
    private Entry verified(String id, String name, String password) {
        Instant now = clock.instant();
        Entry entry = cached(id);
        if (entry == null || !Ages.within(entry.verifiedAt, now, MAX_AGE.multipliedBy(2))) {
            return firstCheck(id, name, password, now);
        }
        if (!Ages.within(entry.verifiedAt, now, MAX_AGE) && entry.rechecking.compareAndSet(false, true)) {
            try {
                User user = authenticator.login(name, password); // its password hash may have been strengthened
                synchronized (entry) {
                    if (entry.token != null && !tokens.isLive(entry.token)) {
                        entry.token = null; // revoked meanwhile (the user disabled, then enabled): a new one next
                    }
                }
                // Only now: a database that could not say whether the token stands left the pair checked, and
                // a revoked token handed back for another minute (review).
                entry.user = user;
                entry.verifiedAt = now;
            } catch (XwebError failed) {
                if (failed.kind() != ErrorKind.UNAVAILABLE) {
                    forget(id);
                    throw failed;
                }
                if (!failed.isShedding()) {
                    throw failed; // the database is away: the call would wait for it again, and fail as well
                }
                // The check could not run (too many logins): the pair stays as it was for now.
            } finally {
                entry.rechecking.set(false);
            }
        }
        return entry;
    }

    /**
     * Checks a pair not (or no longer) known. Requests that bring the same pair
     * meanwhile wait for this one check instead of each running the slow hash:
     * a client opening eight connections at once must not take eight hashes,
     * nor be told that too many logins are being checked.
     */
    private Entry firstCheck(String id, String name, String password, Instant now) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = checking.putIfAbsent(id, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Entry known = cached(id); // a check that ended just before this one started
            if (known != null && Ages.within(known.verifiedAt, now, MAX_AGE)) {
                mine.complete(known);
                return known;
            }
            Entry fresh = new Entry(authenticator.login(name, password), now);
            remember(id, fresh);
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException | Error e) { // an Error too: those waiting for this check waited out its 10 s
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(id, mine);
        }
    }

    /** How many requests wait for another's check right now (for tests). */
    int waitingForChecks() {
        return MAX_WAITING - waiting.availablePermits();
    }

    private Entry await(CompletableFuture<Entry> running) {
        if (!waiting.tryAcquire()) {
            throw LoginLimiter.busy();
        }
        try {
            return running.get(waitForCheck.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // the same answer as the request that ran the check
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw XwebError.unavailable("the check of these credentials is taking too long", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XwebError.unavailable("interrupted while the credentials were checked", e);
        } finally {
            waiting.release();
        }
    }

    private boolean fresh(Instant issuedAt, Instant now) {
        return Ages.within(issuedAt, now, tokenLifetime.dividedBy(2));
    }

    private synchronized Entry cached(String id) {
        return entries.get(id);
    }

    private synchronized void remember(String id, Entry entry) {
        entries.put(id, entry);
    }

    private synchronized void forget(String id) {
        entries.remove(id);
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
