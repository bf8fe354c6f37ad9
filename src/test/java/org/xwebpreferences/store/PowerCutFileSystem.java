package org.xwebpreferences.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:powercut:/path}) that keeps, for each file,
 * what a disk would still hold after a power cut: the file as it was at its
 * last fsync. Whatever was written after that sits in the kernel's page cache
 * only, and the strictest model of a power cut loses all of it. {@link #cut()}
 * freezes those images; the database may then be closed without changing them.
 */
public final class PowerCutFileSystem extends FilePathWrapper {

    private static final PowerCutFileSystem INSTANCE = new PowerCutFileSystem();
    private static final Map<String, byte[]> synced = new ConcurrentHashMap<>();
    private static volatile boolean powerOn = true;
    private static volatile boolean syncsFail;
    private static volatile long syncMillis;
    private static volatile CountDownLatch slowSyncStarted = new CountDownLatch(1);

    static {
        FilePath.register(INSTANCE);
    }

    /** For H2, which makes one per path by reflection. */
    public PowerCutFileSystem() {
    }

    /** The URL prefix of a database on this file system: {@code powercut:} then the usual file name. */
    static String prefix() {
        return INSTANCE.getScheme() + ":";
    }

    /** Restores the power: forgets the images and records fsyncs again, which work. */
    static void powerOn() {
        synced.clear();
        syncsFail = false;
        syncMillis = 0;
        powerOn = true;
    }

    /**
     * Makes every fsync take this long, as a busy disk's may (0: no longer than
     * it takes). An interrupt of the syncing thread meanwhile reaches the file's
     * channel as it would in the middle of a real fsync.
     */
    static void slowSyncs(long millis) {
        slowSyncStarted = new CountDownLatch(1);
        syncMillis = millis;
    }

    /** Waits until a slow sync the server asked for (not one of H2's own threads) is under way. */
    static void awaitSlowSync() throws InterruptedException {
        if (!slowSyncStarted.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no sync started within 10 s");
        }
    }

    /** Makes every fsync fail as a failing disk's does (EIO), or work again. */
    static void failSyncs(boolean fail) {
        syncsFail = fail;
    }

    /** Cuts the power: from now on, fsyncs change nothing that {@link #survivor} gives. */
    static void cut() {
        powerOn = false;
    }

    /** What a file held at its last fsync before the cut (by its real path), or null: never synced. */
    static byte[] survivor(String realPath) {
        return synced.get(realPath);
    }

    @Override
    public String getScheme() {
        return "powercut";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(super.open(mode), unwrap(name).toString());
    }

    private static final class Channel extends FileBase {
        private final FileChannel file;
        private final String realPath;
        /** Writes share it; a sync and its image take it alone, so no later write slips into the image. */
        private final ReadWriteLock syncing = new ReentrantReadWriteLock();

        Channel(FileChannel file, String realPath) {
            this.file = file;
            this.realPath = realPath;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            syncing.writeLock().lock();
            try {
                syncAndKeepImage(metaData);
            } finally {
                syncing.writeLock().unlock();
            }
        }

        private void syncAndKeepImage(boolean metaData) throws IOException {
            if (syncsFail) {
                throw new IOException("Input/output error");
            }
            if (syncMillis > 0) {
                String thread = Thread.currentThread().getName();
                if (!thread.startsWith("MVStore") && !thread.startsWith("H2-")) { // not H2's own threads' syncs
                    slowSyncStarted.countDown();
                }
                try {
                    Thread.sleep(syncMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // for the channel to see, as during a real fsync
                }
            }
            file.force(metaData);
            if (powerOn) {
                ByteBuffer content = ByteBuffer.allocate(Math.toIntExact(file.size()));
                while (content.hasRemaining() && file.read(content, content.position()) >= 0) {
                    // read it all
                }
                synced.put(realPath, content.array());
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            syncing.readLock().lock();
            try {
                return file.write(src);
            } finally {
                syncing.readLock().unlock();
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            syncing.readLock().lock();
            try {
                return file.write(src, position);
            } finally {
                syncing.readLock().unlock();
            }
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            syncing.readLock().lock();
            try {
                file.truncate(size);
            } finally {
                syncing.readLock().unlock();
            }
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
