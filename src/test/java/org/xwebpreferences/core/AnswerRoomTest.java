package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnswerRoomTest {

    private long claimed;
    private final AnswerRoom room = bytes -> claimed += bytes;

    @Test
    void aSettingIsCountedAsAFixedSizeAndItsTextsInUtf8() {
        room.claimFor(setting(null, null));
        assertThat(claimed).as("keys and status only").isEqualTo(AnswerRoom.BYTES_PER_SETTING);

        claimed = 0;
        room.claimFor(setting("N".repeat(255), "C".repeat(255)));
        assertThat(claimed).as("plain names").isEqualTo(AnswerRoom.BYTES_PER_SETTING + 510);

        claimed = 0;
        room.claimFor(setting("&".repeat(255), null));
        assertThat(claimed).as("a character the answer escapes counts once").isEqualTo(AnswerRoom.BYTES_PER_SETTING + 255);

        claimed = 0;
        room.claimFor(setting("é€", "😀"));
        assertThat(claimed).as("as many bytes as UTF-8 writes").isEqualTo(AnswerRoom.BYTES_PER_SETTING + 2 + 3 + 4);
    }

    private static MailingListPreference setting(String name, String category) {
        return new MailingListPreference(new Guid(UUID.randomUUID()), name, category, PreferenceStatus.OptIn,
                null, null, null, null);
    }
}
