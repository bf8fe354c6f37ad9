package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;

class TokenServiceTest {

    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final String MISSING = "AuthorizationToken.Token: a token is required; call Authenticate to get one";
    private static final String REJECTED =
            "AuthorizationToken.Token: the token is unknown or has expired; call Authenticate for a new one";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static final User CRM = new User(1, "crm", "hash-1", true);
    private static final User OLD = new User(2, "old", "hash-2", false);
    private static final String LOGIN_FAILED = "Authentication failed: the user name or password is wrong";

    /** Tokens by hash, for users 1 ("crm", enabled) and 2 ("old", disabled), as the database keeps them. */
    private static final class FakeTokenStore implements TokenStore {
        final Map<String, TokenRecord> byHash = new HashMap<>();
        final List<String> insertedHashes = new ArrayList<>();
        final Map<Long, Boolean> enabled = new HashMap<>(Map.of(1L, true, 2L, false));
        final Map<Long, String> passwordHashes = new HashMap<>(Map.of(1L, "hash-1", 2L, "hash-2"));
        Instant purgedAt;
        boolean anotherRequestDeletesFirst;

        @Override
        public boolean insert(String tokenHash, long userId, String passwordHash, Instant issuedAt,
                              Instant expiresAt) {
            if (!passwordHashes.get(userId).equals(passwordHash) || !enabled.get(userId)) {
                return false;
            }
            insertedHashes.add(tokenHash);
            byHash.put(tokenHash, new TokenRecord(userId, userId == 1 ? "crm" : "old", true, passwordHash,
                    issuedAt, expiresAt));
            return true;
        }

        @Override
        public boolean insertSuccessor(String tokenHash, String predecessorHash, long userId, String passwordHash,
                                       Instant issuedAt, Instant expiresAt) {
            return byHash.containsKey(predecessorHash) && insert(tokenHash, userId, passwordHash, issuedAt, expiresAt);
        }

        @Override
        public Optional<TokenRecord> find(String tokenHash) {
            TokenRecord record = byHash.get(tokenHash);
            return record == null ? Optional.empty() : Optional.of(new TokenRecord(record.userId(),
                    record.userName(), enabled.get(record.userId()), passwordHashes.get(record.userId()),
                    record.issuedAt(), record.expiresAt()));
        }

        /** What `user passwd` does: a new hash, and the user's tokens revoked. */
        void changePassword(long userId) {
            passwordHashes.put(userId, "changed");
            deleteForUser(userId);
        }

        @Override
        public boolean delete(String tokenHash) {
            if (anotherRequestDeletesFirst) {
                byHash.remove(tokenHash);
                return false;
            }
            return byHash.remove(tokenHash) != null;
        }

        @Override
        public int deleteForUser(long userId) {
            int before = byHash.size();
            byHash.values().removeIf(record -> record.userId() == userId);
            return before - byHash.size();
        }

        @Override
        public int purgeExpired(Instant now) {
            purgedAt = now;
            return 42;
        }
    }

    private final FakeTokenStore store = new FakeTokenStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-06T07:00:00Z"));
    private final TokenService tokens = service(false);

    private TokenService service(boolean singleUse) {
        return new TokenService(store, clock, new SecureRandom(), LIFETIME, singleUse);
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void acceptsTheTokenItIssuedForItsUser() {
        String token = tokens.issue(CRM);

        Session session = tokens.check(token);

        assertThat(session.userName()).isEqualTo("crm");
        assertThat(session.token()).isEqualTo(token);
    }

    @Test
    void writesATokenAsALowerCaseGuidAndNeverTheSameTwice() {
        String first = tokens.issue(CRM);
        String second = tokens.issue(CRM);

        assertThat(first).matches(GUID);
        assertThat(second).matches(GUID).isNotEqualTo(first);
    }

    @Test
    void storesOnlyTheSha256OfTheTokenWithTheConfiguredLifetime() throws Exception {
        String token = tokens.issue(CRM);

        assertThat(store.insertedHashes).containsExactly(sha256Hex(token));
        assertThat(store.insertedHashes.get(0)).matches("[0-9a-f]{64}")
                .doesNotContain(token).doesNotContain(token.replace("-", ""));
        TokenRecord record = store.byHash.get(sha256Hex(token));
        assertThat(record.issuedAt()).isEqualTo(clock.instant());
        assertThat(record.expiresAt()).isEqualTo(clock.instant().plus(LIFETIME));
    }

    @Test
    void acceptsTheTokenInUpperCaseInBracesAndWithSurroundingWhitespace() {
        String token = tokens.issue(CRM);

        assertThat(tokens.check(token.toUpperCase()).token()).isEqualTo(token);
        assertThat(tokens.check("{" + token.toUpperCase() + "}").token()).isEqualTo(token);
        assertThat(tokens.check("\n  " + token + "  ").token()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsAnEmptyTokenAsMissing(String presented) {
        assertThatThrownBy(() -> tokens.check(presented))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
                    assertThat(e.field()).isEqualTo("AuthorizationToken.Token");
                })
                .hasMessage(MISSING);
    }

    @Test
    void rejectsAnAbsentTokenAsMissing() {
        assertThatThrownBy(() -> tokens.check(null)).hasMessage(MISSING);
    }

    @Test
    void rejectsAnUnknownTokenAndOneThatIsNoGuidWithTheSameMessage() {
        assertThatThrownBy(() -> tokens.check("33d08c11-09ec-455d-a9f6-d308f8f2592d"))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
                    assertThat(e.field()).isEqualTo("AuthorizationToken.Token");
                })
                .hasMessage(REJECTED);
        assertThatThrownBy(() -> tokens.check("**************")).hasMessage(REJECTED);
    }

    @Test
    void rejectsATokenFromItsExpiryOnWithTheSameMessage() {
        String token = tokens.issue(CRM);

        clock.advance(LIFETIME.minusMillis(1));
        assertThat(tokens.check(token).userName()).isEqualTo("crm");

        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> tokens.check(token)).hasMessage(REJECTED);
    }

    @Test
    void rejectsTheTokenOfADisabledUserWithTheSameMessage() {
        assertThatThrownBy(() -> tokens.issue(OLD)).as("none is issued to a disabled user").hasMessage(LOGIN_FAILED);

        String token = tokens.issue(CRM);
        store.enabled.put(1L, false);
        assertThatThrownBy(() -> tokens.check(token)).hasMessage(REJECTED);
    }

    @Test
    void handsThePresentedTokenBackWithoutAWriteWhileMoreThanHalfItsLifetimeIsLeft() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).minusSeconds(1));

        assertThat(tokens.check(token).token()).isEqualTo(token);
        assertThat(store.insertedHashes).hasSize(1);
    }

    @Test
    void issuesANewTokenOnceHalfTheLifetimeIsGone() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2));

        String next = tokens.check(token).token();

        assertThat(next).matches(GUID).isNotEqualTo(token);
        assertThat(store.insertedHashes).hasSize(2);
        assertThat(tokens.check(next).token()).isEqualTo(next);
        assertThat(store.byHash.get(store.insertedHashes.get(1)).expiresAt()).isEqualTo(clock.instant().plus(LIFETIME));
    }

    @Test
    void anOldTokenPresentedAgainAndAgainGetsTheSameSuccessorNotANewTokenPerCall() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).plusSeconds(1));

        String next = tokens.check(token).token();
        clock.advance(Duration.ofSeconds(30));

        assertThat(tokens.check(token).token()).isEqualTo(next);
        assertThat(tokens.check(token).token()).isEqualTo(next);
        assertThat(store.insertedHashes).as("the first token and one successor").hasSize(2);
    }

    @Test
    void anOldTokenThatHadASuccessorIsStillRefusedOnceItExpires() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).plusSeconds(1));
        String next = tokens.check(token).token();
        clock.advance(LIFETIME.dividedBy(2));

        tokens.purgeExpired();

        assertThatThrownBy(() -> tokens.check(token)).hasMessage(REJECTED);
        assertThat(tokens.check(next).userName()).as("the successor lives its own lifetime").isEqualTo("crm");
    }

    /** The purge forgets the successors of expired tokens only: a token still live keeps getting the same one. */
    @Test
    void aPurgeKeepsTheSuccessorOfATokenThatHasNotExpired() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).plusSeconds(1));
        String next = tokens.check(token).token();

        tokens.purgeExpired();

        assertThat(tokens.check(token).token()).isEqualTo(next);
        assertThat(store.insertedHashes).as("the first token and one successor").hasSize(2);
    }

    /**
     * xweb_tokens_issued_total and xweb_tokens_rejected_total count what OPERATIONS says: every token handed
     * out, every token refused (missing, unknown), and not a call the database could not serve.
     */
    @Test
    void tellsTheMetricsOfEachTokenIssuedAndRefusedButNotOfADatabaseAway() {
        var rows = new org.xwebpreferences.support.FakeTokenStore(); // one whose database can be away
        int[] issued = {0};
        int[] rejected = {0};
        TokenService counted = new TokenService(rows, clock, new SecureRandom(), LIFETIME, false, new TokenEvents() {
            @Override
            public void issued() {
                issued[0]++;
            }

            @Override
            public void rejected() {
                rejected[0]++;
            }
        });
        String token = counted.issue(CRM);
        assertThatThrownBy(() -> counted.check("33d08c11-09ec-455d-a9f6-d308f8f2592d")).hasMessage(REJECTED);
        assertThatThrownBy(() -> counted.check(null)).hasMessage(MISSING);

        clock.advance(LIFETIME.dividedBy(2).plusSeconds(1)); // due for a successor, which cannot be stored
        rows.away(true);
        assertThatThrownBy(() -> counted.check(token)).isInstanceOfSatisfying(XwebError.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));

        assertThat(issued[0]).isEqualTo(1);
        assertThat(rejected[0]).isEqualTo(2);
    }

    @Test
    void singleUseSpendsThePresentedTokenAndHandsBackANewOne() {
        TokenService singleUse = service(true);
        String token = singleUse.issue(CRM);

        Session session = singleUse.check(token);

        assertThat(session.userName()).isEqualTo("crm");
        assertThat(session.token()).matches(GUID).isNotEqualTo(token);
        assertThatThrownBy(() -> singleUse.check(token)).hasMessage(REJECTED);
        assertThat(singleUse.check(session.token()).token()).isNotEqualTo(session.token());
    }

    @Test
    void singleUseIssuesANewTokenEvenWhenThePresentedOneIsFresh() {
        TokenService singleUse = service(true);
        String token = singleUse.issue(CRM);

        assertThat(singleUse.check(token.toUpperCase()).token()).isNotEqualTo(token);
        assertThat(store.byHash).doesNotContainKey(store.insertedHashes.get(0)).hasSize(1);
    }

    @Test
    void singleUseRejectsATokenAnotherRequestSpentFirst() {
        TokenService singleUse = service(true);
        String token = singleUse.issue(CRM);
        store.anotherRequestDeletesFirst = true;

        assertThatThrownBy(() -> singleUse.check(token)).hasMessage(REJECTED);
        assertThat(store.insertedHashes).hasSize(1);
    }

    @Test
    void aLoginWhosePasswordWasChangedWhileItWasCheckedGetsNoToken() {
        store.changePassword(1);

        assertThatThrownBy(() -> tokens.issue(CRM)).hasMessage(LOGIN_FAILED);
        assertThat(store.insertedHashes).isEmpty();
    }

    @Test
    void aTokenRevokedByAPasswordChangeGetsNoSuccessorEvenFromThisNodesMemory() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).minusSeconds(1));
        tokens.check(token); // its row is now in this node's memory for a few seconds

        store.changePassword(1);
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> tokens.check(token)).hasMessage(REJECTED);
        assertThat(store.byHash).isEmpty();
    }

    /** Disabling revokes the user's tokens and enabling leaves the password as it was: no successor either. */
    @Test
    void aTokenRevokedByDisablingTheUserGetsNoSuccessorFromThisNodesMemoryOnceTheUserIsEnabledAgain() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).minusSeconds(1));
        tokens.check(token); // its row is now in this node's memory for a few seconds

        store.enabled.put(1L, false);
        store.deleteForUser(1);
        store.enabled.put(1L, true);
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> tokens.check(token)).hasMessage(REJECTED);
        assertThat(store.byHash).isEmpty();
    }

    @Test
    void aTokenWhoseUsersHashAnotherNodeStrengthenedStillGetsASuccessor() {
        String token = tokens.issue(CRM);
        clock.advance(LIFETIME.dividedBy(2).minusSeconds(1));
        tokens.check(token);

        store.passwordHashes.put(1L, "hash-1-stronger"); // the same password, hashed again at a login elsewhere
        clock.advance(Duration.ofSeconds(2));

        String next = tokens.check(token).token();
        assertThat(next).matches(GUID).isNotEqualTo(token);
        assertThat(tokens.check(next).userName()).isEqualTo("crm");
    }

    @Test
    void purgesExpiredTokensAsOfTheClocksNow() {
        clock.advance(Duration.ofHours(5));

        assertThat(tokens.purgeExpired()).isEqualTo(42);
        assertThat(store.purgedAt).isEqualTo(Instant.parse("2024-05-06T12:00:00Z"));
    }

    @Test
    void aSessionDoesNotShowItsTokenWhenPrinted() {
        String token = tokens.issue(CRM);
        assertThat(tokens.check(token).toString()).contains("crm").doesNotContain(token);
    }

    /** A user and a token's row reach log lines when printed: they show the name, never the password hash. */
    @Test
    void aUserAndATokensRowDoNotShowThePasswordHashWhenPrinted() {
        assertThat(CRM.toString()).contains("crm").doesNotContain("hash-1");
        TokenRecord row = new TokenRecord(1, "crm", true, "hash-1", Instant.EPOCH, Instant.EPOCH.plus(LIFETIME));
        assertThat(row.toString()).contains("crm").doesNotContain("hash-1");
    }
}
