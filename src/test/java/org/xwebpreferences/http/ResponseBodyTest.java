package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {

    @Test
    void writesTheWholeBodyInPiecesOfAtMost64KiB() throws Exception {
        byte[] body = new byte[150_001];
        new Random(7).nextBytes(body);
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.add(len);
                super.write(b, off, len);
            }
        };

        ResponseBody.write(out, body);

        assertThat(out.toByteArray()).isEqualTo(body);
        assertThat(writes).containsExactly(65_536, 65_536, 18_929);
    }

    @Test
    void anEmptyBodyWritesNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseBody.write(out, new byte[0]);
        assertThat(out.size()).isZero();
    }
}
