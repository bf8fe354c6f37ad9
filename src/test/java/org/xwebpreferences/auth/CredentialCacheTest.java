package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.FakeTokenStore;
import org.xwebpreferences.support.FakeUserStore;
import org.xwebpreferences.support.MutableClock;
import org.xwebpreferences.support.Parked;

/** HTTP Basic on every call: the slow check about once a minute, and one token while it is fresh. */
class CredentialCacheTest {

    private static final Duration TOKEN_TTL = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeUserStore users = new FakeUserStore();
    private final PasswordHasher hasher = new PasswordHasher(1000, new SecureRandom());
    private final Authenticator authenticator = new Authenticator(users, hasher, new LoginLimiter(64, clock));
    private final FakeTokenStore tokenRows = new FakeTokenStore();
    private final TokenService tokens = new TokenService(tokenRows, clock, new SecureRandom(), TOKEN_TTL, false);

    private CredentialCache cache(boolean singleUse) {
        return new CredentialCache(authenticator, tokens, clock, new SecureRandom(), TOKEN_TTL, singleUse);
    }

    @Test
    void aPairVerifiedAMomentAgoIsNotCheckedAgainAndKeepsItsToken() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);

        Session first = cache.login("crm", "right password");
        clock.advance(Duration.ofSeconds(30));
        Session second = cache.login("crm", "right password");

        assertThat(users.lookups()).isEqualTo(1);
        assertThat(second).isEqualTo(first);
        assertThat(first.userName()).isEqualTo("crm");
    }

    /**
     * With single-use tokens every call writes a token: calls of one pair write
     * them side by side. They took turns under the pair's lock, and Basic ran
     * at about half of Bearer's throughput (review).
     */
    @Test
    void withSingleUseTokensCallsOfOnePairIssueTheirTokensSideBySide() throws Exception {
        users.put("crm", hasher.hash("right password"), true);
        AtomicReference<CountDownLatch> bothWriting = new AtomicReference<>();
        TokenStore slowRows = (TokenStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TokenStore.class}, (proxy, method, args) -> {
                    CountDownLatch writers = bothWriting.get();
                    if (method.getName().equals("insert") && writers != null) {
                        writers.countDown();
                        writers.await(5, TimeUnit.SECONDS); // a durable write that takes a moment
                    }
                    synchronized (tokenRows) {
                        return method.invoke(tokenRows, args);
                    }
                });
        TokenService singleUse = new TokenService(slowRows, clock, new SecureRandom(), TOKEN_TTL, true);
        CredentialCache cache = new CredentialCache(authenticator, singleUse, clock, new SecureRandom(), TOKEN_TTL,
                true);
        cache.login("crm", "right password"); // the pair checked once
        bothWriting.set(new CountDownLatch(2));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            List<Future<Session>> calls = List.of(pool.submit(() -> cache.login("crm", "right password")),
                    pool.submit(() -> cache.login("crm", "right password")));
            for (Future<Session> call : calls) {
                assertThat(call.get(20, TimeUnit.SECONDS).userName()).isEqualTo("crm");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("neither waited for the other's write")
                    .isLessThan(Duration.ofSeconds(4));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A check that ends in an Error ends the wait of those who waited for it: they waited out the 10 s. */
    @Test
    void thoseWaitingForACheckThatFailsWithAnErrorGetItAtOnce() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UserStore broken = (UserStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
                    checking.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    throw new NoClassDefFoundError("org/xwebpreferences/store/Missing");
                });
        CredentialCache cache = new CredentialCache(new Authenticator(broken, hasher, new LoginLimiter(64, clock)),
                tokens, clock, new SecureRandom(), TOKEN_TTL, false, Duration.ofSeconds(10));
        List<Object> answers = new CopyOnWriteArrayList<>();
        Thread first = new Thread(() -> answers.add(loginOrError(cache, "crm")));
        Thread waiter = new Thread(() -> answers.add(loginOrError(cache, "crm")));
        first.start();
        checking.await(10, TimeUnit.SECONDS);
        waiter.start();
        Parked.awaitWaitingOrEnded(waiter);

        long start = System.nanoTime();
        release.countDown();
        first.join(20_000);
        waiter.join(20_000);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat(answer).isInstanceOf(NoClassDefFoundError.class));
    }

    @Test
    void aHashStrengthenedByAnotherNodeMeanwhileCostsACheckNotTheLogin() {
        User crm = users.put("crm", hasher.hash("right password"), true);
        tokenRows.checkingUsersIn(users);
        CredentialCache cache = cache(true); // a token per call: each is issued against the remembered hash
        cache.login("crm", "right password");

        users.replacePasswordHash(crm.id(), crm.passwordHash(), hasher.hash("right password"));

        assertThat(cache.login("crm", "right password").token()).matches("[0-9a-f-]{36}");
        assertThat(users.lookups()).as("checked again once").isEqualTo(2);
    }

    /** Calls refused together after such a change check the pair again once, not once each (each ran a hash). */
    @Test
    void callsRefusedTogetherAfterAHashChangeCheckThePairAgainOnce() throws Exception {
        User crm = users.put("crm", hasher.hash("right password"), true);
        tokenRows.checkingUsersIn(users);
        CredentialCache cache = cache(true);
        cache.login("crm", "right password");
        users.replacePasswordHash(crm.id(), crm.passwordHash(), hasher.hash("right password"));
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        users.holdingLookupsUntil(checking, release);

        List<Object> answers = new CopyOnWriteArrayList<>();
        List<Thread> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(new Thread(() -> answers.add(loginOrError(cache, "crm"))));
        }
        try {
            calls.get(0).start();
            checking.await(10, TimeUnit.SECONDS); // the first refused call checks the pair again, slowly
            calls.subList(1, 4).forEach(Thread::start);
            for (Thread call : calls.subList(1, 4)) { // refused too, and waiting: for the check, or in their own
                while (call.getState() != Thread.State.BLOCKED && call.getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
            }
        } finally {
            release.countDown();
            for (Thread call : calls) {
                call.join(20_000);
            }
        }
        assertThat(answers).hasSize(4).allSatisfy(answer -> assertThat(answer).isInstanceOfSatisfying(Session.class,
                session -> assertThat(session.userName()).isEqualTo("crm")));
        assertThat(users.lookups()).as("the first check, and one again").isEqualTo(2);
    }

    @Test
    void aTokenRevokedMeanwhileIsNotHandedBackAfterThePairsNextCheck() {
        User crm = users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);
        String first = cache.login("crm", "right password").token();

        tokenRows.deleteForUser(crm.id()); // user disable, then enable: the user's tokens are gone
        clock.advance(CredentialCache.MAX_AGE);
        String next = cache.login("crm", "right password").token();

        assertThat(next).isNotEqualTo(first);
        assertThat(tokens.check(next).userName()).isEqualTo("user-" + crm.id());
    }

    /** Also where this node had just read the token's row for a Bearer call: that copy is not asked. */
    @Test
    void aTokenRevokedMeanwhileIsNotHandedBackAfterThePairsNextCheckThoughItsRowWasJustRead() {
        User crm = users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);
        String first = cache.login("crm", "right password").token();
        clock.advance(CredentialCache.MAX_AGE.minusSeconds(2));
        tokens.check(first); // a Bearer call with it: this node keeps its row a few seconds

        tokenRows.deleteForUser(crm.id()); // user disable, then enable: the user's tokens are gone
        clock.advance(Duration.ofSeconds(2));
        String next = cache.login("crm", "right password").token();

        assertThat(next).isNotEqualTo(first);
    }

    /** A check that could not ask the database is no check: the next call checks again. */
    @Test
    void aCheckThatCouldNotAskWhetherTheTokenStandsIsMadeAgainByTheNextCall() {
        User crm = users.put("crm", hasher.hash("right password"), true);
        AtomicBoolean databaseAway = new AtomicBoolean();
        TokenStore flaky = (TokenStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TokenStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find") && databaseAway.get()) {
                        throw XwebError.unavailable("The database could not read the token", null);
                    }
                    return method.invoke(tokenRows, args);
                });
        TokenService flakyTokens = new TokenService(flaky, clock, new SecureRandom(), TOKEN_TTL, false);
        CredentialCache cache = new CredentialCache(authenticator, flakyTokens, clock, new SecureRandom(), TOKEN_TTL,
                false);
        String first = cache.login("crm", "right password").token();
        tokenRows.deleteForUser(crm.id()); // user disable, then enable: the user's tokens are gone

        clock.advance(CredentialCache.MAX_AGE);
        databaseAway.set(true);
        assertThatThrownBy(() -> cache.login("crm", "right password")).isInstanceOfSatisfying(XwebError.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        databaseAway.set(false);
        clock.advance(Duration.ofSeconds(1));

        assertThat(cache.login("crm", "right password").token()).isNotEqualTo(first);
    }

    @Test
    void aPairIsCheckedAgainAfterAMinuteAndAChangedPasswordIsThenRefused() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);
        cache.login("crm", "right password");

        clock.advance(CredentialCache.MAX_AGE);
        cache.login("crm", "right password");
        assertThat(users.lookups()).isEqualTo(2);

        users.changePassword(users.findByName("crm").orElseThrow().id(), hasher.hash("new password"));
        clock.advance(CredentialCache.MAX_AGE);
        assertThatThrownBy(() -> cache.login("crm", "right password"))
                .hasMessage("Authentication failed: the user name or password is wrong");
    }

    /** A clock set back by ten minutes let a changed password's old pair in for ten minutes more (code review). */
    @Test
    void aClockSetBackDoesNotKeepAChangedPasswordWorking() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);
        cache.login("crm", "right password");

        clock.advance(Duration.ofMinutes(-10));
        users.changePassword(users.findByName("crm").orElseThrow().id(), hasher.hash("new password"));

        assertThatThrownBy(() -> cache.login("crm", "right password"))
                .hasMessage("Authentication failed: the user name or password is wrong");
    }

    /**
     * With the database away, a Basic call waited for it two or three times (10-15 s, where 5 s is said):
     * a token it could not store was taken for a changed password and the pair checked again (multi-node audit).
     */
    @Test
    void withTheDatabaseAwayAPairNeedingATokenWaitsForTheDatabaseOnce() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(true); // a token per call
        cache.login("crm", "right password");

        tokenRows.away(true);
        users.away(true);
        assertThatThrownBy(() -> cache.login("crm", "right password")).isInstanceOfSatisfying(XwebError.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(users.lookups()).as("the pair was not checked again").isEqualTo(1);

        clock.advance(CredentialCache.MAX_AGE); // due for its check, which waits for the database and fails
        assertThatThrownBy(() -> cache.login("crm", "right password")).isInstanceOfSatisfying(XwebError.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(users.lookups()).as("checked once, then no token tried").isEqualTo(2);

        tokenRows.away(false);
        users.away(false);
        assertThat(cache.login("crm", "right password").userName()).as("remembered, and served once it is back")
                .isEqualTo("crm");
    }

    @Test
    void aWrongPasswordIsNeverRemembered() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);

        assertThatThrownBy(() -> cache.login("crm", "wrong")).hasMessageStartingWith("Authentication failed");
        assertThatThrownBy(() -> cache.login("crm", "wrong")).hasMessageStartingWith("Authentication failed");

        assertThat(users.lookups()).isEqualTo(2);
    }

    @Test
    void aNewTokenOnceTheOldOneIsPastHalfItsLifetimeAndEveryTimeWithSingleUseTokens() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache reusable = cache(false);
        String token = reusable.login("crm", "right password").token();
        clock.advance(TOKEN_TTL.dividedBy(2));

        assertThat(reusable.login("crm", "right password").token()).isNotEqualTo(token);

        CredentialCache singleUse = cache(true);
        assertThat(singleUse.login("crm", "right password").token())
                .isNotEqualTo(singleUse.login("crm", "right password").token());
    }

    @Test
    void concurrentFirstCallsWithOnePairShareOneCheck() throws Exception {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Session>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> cache.login("crm", "right password")));
            }
            for (Future<Session> call : calls) {
                assertThat(call.get().userName()).isEqualTo("crm");
            }
        } finally {
            pool.shutdown();
        }

        assertThat(users.lookups()).as("password checks").isEqualTo(1);
    }

    /** Authenticate hands out a new token on every call, however its check was shared. */
    @Test
    void concurrentAuthenticatesWithOnePairShareOneCheckAndEachGetANewToken() throws Exception {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> issued = new ArrayList<>();
        try {
            List<Future<Session>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> cache.authenticate("crm", "right password")));
            }
            for (Future<Session> call : calls) {
                assertThat(call.get().userName()).isEqualTo("crm");
                issued.add(call.get().token());
            }
        } finally {
            pool.shutdown();
        }
        issued.add(cache.authenticate("crm", "right password").token());

        assertThat(users.lookups()).as("password checks").isEqualTo(1);
        assertThat(issued).doesNotHaveDuplicates().allMatch(tokens::isLive);
    }

    /** Authenticate's shared check delays nothing: its token is refused for a changed password or a disabled user. */
    @Test
    void authenticateRefusesAChangedPasswordOrADisabledUserAtOnceThoughThePairWasCheckedAMomentAgo() {
        User crm = users.put("crm", hasher.hash("right password"), true);
        users.put("ops", hasher.hash("ops password"), true);
        tokenRows.checkingUsersIn(users);
        CredentialCache cache = cache(false);
        cache.authenticate("crm", "right password");
        cache.authenticate("ops", "ops password");

        users.changePassword(crm.id(), hasher.hash("new password"));
        users.setEnabled("ops", false);

        assertThatThrownBy(() -> cache.authenticate("crm", "right password"))
                .hasMessage("Authentication failed: the user name or password is wrong");
        assertThatThrownBy(() -> cache.authenticate("ops", "ops password"))
                .hasMessage("Authentication failed: the user name or password is wrong");
        assertThat(cache.authenticate("crm", "new password").userName()).isEqualTo("crm");
    }

    @Test
    void authenticateNamesAMissingNameOrPasswordAndRefusesAWrongOne() {
        users.put("crm", hasher.hash("right password"), true);
        CredentialCache cache = cache(false);

        assertThatThrownBy(() -> cache.authenticate("", "right password")).hasMessage("userName: is required");
        assertThatThrownBy(() -> cache.authenticate("crm", null)).hasMessage("password: is required");
        assertThatThrownBy(() -> cache.authenticate("crm", "wrong")).hasMessageStartingWith("Authentication failed");
        assertThat(users.lookups()).isEqualTo(1);
    }

    @Test
    void aPairKeepsItsSessionWhenItsRecheckFindsTooManyLoginsBeingChecked() throws Exception {
        users.put("crm", hasher.hash("right password"), true);
        LoginLimiter limiter = new LoginLimiter(1, clock);
        CredentialCache cache = new CredentialCache(new Authenticator(users, hasher, limiter), tokens, clock,
                new SecureRandom(), TOKEN_TTL, false);
        Session first = cache.login("crm", "right password");
        clock.advance(CredentialCache.MAX_AGE);
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread otherLogin = new Thread(() -> limiter.withHashSlot(() -> { // holds the one hash slot
            hashing.countDown();
            await(release);
            return true;
        }));
        otherLogin.start();
        try {
            hashing.await();

            assertThat(cache.login("crm", "right password")).as("served while the recheck cannot run").isEqualTo(first);
            assertThat(users.lookups()).as("the recheck was tried").isEqualTo(2);
        } finally {
            release.countDown();
            otherLogin.join(10_000);
        }
        cache.login("crm", "right password");
        assertThat(users.lookups()).as("checked again once a slot is free").isEqualTo(3);
    }

    @Test
    void aCallerWaitingForAnotherCallersSlowCheckOfThePairIsToldItIsTakingTooLong() throws Exception {
        users.put("crm", hasher.hash("right password"), true);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        users.holdingLookupsUntil(checking, release);
        CredentialCache cache = new CredentialCache(authenticator, tokens, clock, new SecureRandom(), TOKEN_TTL, false,
                Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Session> slow = pool.submit(() -> cache.login("crm", "right password"));
            checking.await();
            Future<Session> waiting = pool.submit(() -> cache.login("crm", "right password"));

            // It waits its limit (ten seconds in the server, 200 ms here) for the other check, not for ever.
            assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(XwebError.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessage("the check of these credentials is taking too long");
            assertThat(users.lookups()).as("the waiting caller ran no check of its own").isEqualTo(1);
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).userName()).isEqualTo("crm");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** A flood of one pair holds no more workers than that while its one check runs: the rest are turned away. */
    @Test
    void noMoreThanThirtyTwoCallersWaitForChecksOthersAreRunning() throws Exception {
        users.put("crm", hasher.hash("right password"), true);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        users.holdingLookupsUntil(checking, release);
        CredentialCache cache = cache(false);
        ExecutorService pool = Executors.newFixedThreadPool(CredentialCache.MAX_WAITING + 1);
        try {
            Future<Session> slow = pool.submit(() -> cache.authenticate("crm", "right password"));
            checking.await();
            List<Future<Session>> waiters = new ArrayList<>();
            for (int i = 0; i < CredentialCache.MAX_WAITING; i++) {
                waiters.add(pool.submit(() -> cache.authenticate("crm", "right password")));
            }
            while (cache.waitingForChecks() < CredentialCache.MAX_WAITING) {
                Thread.sleep(10); // until every waiter is parked on the check
            }

            assertThatThrownBy(() -> cache.authenticate("crm", "right password")).isInstanceOfSatisfying(
                    XwebError.class, e -> assertThat(e.isShedding()).isTrue())
                    .hasMessage("too many logins are being checked at once");
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).userName()).isEqualTo("crm");
            for (Future<Session> waiter : waiters) {
                assertThat(waiter.get(10, TimeUnit.SECONDS).userName()).isEqualTo("crm");
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** The cache is keyed by name and password together: a pair shares no entry with another user's. */
    @Test
    void twoUsersWithTheSamePasswordEachGetTheirOwnSessionAndAnotherNameNone() {
        users.put("crm", hasher.hash("shared password"), true);
        users.put("ops", hasher.hash("shared password"), true);
        CredentialCache cache = cache(false);

        assertThat(cache.login("crm", "shared password").userName()).isEqualTo("crm");
        assertThat(cache.login("ops", "shared password").userName()).isEqualTo("ops");
        assertThatThrownBy(() -> cache.login("nobody", "shared password"))
                .hasMessage("Authentication failed: the user name or password is wrong");
    }

    /** "crm" and "1password" run together as "crm1" and "password" do: they are still two pairs. */
    @Test
    void aNameAndPasswordThatRunTogetherAsAnotherPairDoAreNotThatPair() {
        users.put("crm", hasher.hash("1password"), true);
        users.put("crm1", hasher.hash("another password"), true);
        CredentialCache cache = cache(false);
        assertThat(cache.login("crm", "1password").userName()).isEqualTo("crm");

        assertThatThrownBy(() -> cache.login("crm1", "password"))
                .hasMessage("Authentication failed: the user name or password is wrong");
    }

    /**
     * Past half its lifetime a token is replaced even while the pair needs no check: with --token-ttl 2m a
     * Basic client got the same token for as long as its pair was checked every minute, until the token expired.
     */
    @Test
    void aNewTokenPastHalfItsLifetimeThoughThePairWasCheckedAMomentAgo() {
        Duration lifetime = Duration.ofMinutes(2);
        TokenService shortLived = new TokenService(tokenRows, clock, new SecureRandom(), lifetime, false);
        CredentialCache cache = new CredentialCache(authenticator, shortLived, clock, new SecureRandom(), lifetime,
                false);
        users.put("crm", hasher.hash("right password"), true);
        String first = cache.login("crm", "right password").token();

        clock.advance(Duration.ofSeconds(50));
        assertThat(cache.login("crm", "right password").token()).as("fresh").isEqualTo(first);
        clock.advance(Duration.ofSeconds(20)); // 70 s of 120: past half its lifetime
        String next = cache.login("crm", "right password").token();

        assertThat(next).isNotEqualTo(first);
        assertThat(shortLived.isLive(next)).isTrue();
    }

    /** Each caller that waited for another's check gives its place back: the 33rd such caller was turned away. */
    @Test
    void callersThatWaitedForChecksOneAfterAnotherAreNeverTurnedAway() throws Exception {
        CredentialCache cache = cache(false);
        for (int i = 0; i <= CredentialCache.MAX_WAITING; i++) {
            String name = "crm" + i;
            users.put(name, hasher.hash("right password"), true);
            CountDownLatch checking = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            users.holdingLookupsUntil(checking, release);
            List<Object> answers = new CopyOnWriteArrayList<>();
            Thread slow = new Thread(() -> answers.add(loginOrError(cache, name)));
            Thread waiter = new Thread(() -> answers.add(loginOrError(cache, name)));
            try {
                slow.start();
                checking.await();
                waiter.start();
                Parked.awaitWaitingOrEnded(waiter);
            } finally {
                release.countDown();
                slow.join(10_000);
                waiter.join(10_000);
            }
            assertThat(answers).as("round %d", i + 1).hasSize(2).allSatisfy(answer ->
                    assertThat(answer).isInstanceOfSatisfying(Session.class,
                            session -> assertThat(session.userName()).isEqualTo(name)));
        }
    }

    private static Object loginOrError(CredentialCache cache, String name) {
        try {
            return cache.login(name, "right password");
        } catch (RuntimeException | Error e) {
            return e;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
