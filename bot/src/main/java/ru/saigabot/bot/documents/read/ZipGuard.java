package ru.saigabot.bot.documents.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;

/**
 * Keeps a DOCX's zip from unpacking to more than the read may cost, in two layers.
 *
 * <p>First, per read: {@link #check} inflates every entry once, counting, before POI sees the file, and refuses an
 * entry that inflates more than 100 times past its first megabyte (a zip bomb: {@link Reason#DAMAGED}) or a total
 * past {@link ReadLimits#maxUnpackedBytes()} ({@link Reason#TOO_BIG}). This is where the limits of this read apply;
 * it costs one fast decompression of a file of at most {@link ReadLimits#maxBytes()}.
 *
 * <p>Second, POI's own guards, as a backstop should POI read something the first pass did not. They are static in
 * POI ({@link ZipSecureFile}'s setters change the whole process, and POI has no per-document alternative), so they
 * are set once, in this class's initialiser (the JVM runs it exactly once, before the first check), to constants that
 * do not depend on any one read's limits; nothing else in the bot uses POI, so no other code expects other values.
 */
final class ZipGuard {

    /** POI's default too: a part that inflates more than 100 times is a bomb. */
    static final double MIN_INFLATE_RATIO = 0.01;
    /** Below this, any ratio is fine: tiny parts (an empty header's XML) compress extremely well. */
    static final long GRACE_BYTES = 1024 * 1024;
    /** POI's backstop for one part; the per-read total is usually far lower. */
    static final long MAX_ENTRY_BYTES = 512L * 1024 * 1024;
    static final int MAX_ENTRIES = 10_000;

    static {
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setGraceEntrySize(GRACE_BYTES);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        ZipSecureFile.setMaxFileCount(MAX_ENTRIES);
    }

    private ZipGuard() {
    }

    static void check(byte[] content, ReadLimits limits) throws DocumentRefused {
        Position source = new Position(content);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(source)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new DocumentRefused(Reason.DAMAGED, "the DOCX has more than " + MAX_ENTRIES + " parts");
                }
                long entryStart = source.position();
                long inflated = 0;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    inflated += n;
                    total += n;
                    if (total > limits.maxUnpackedBytes()) {
                        throw new DocumentRefused(Reason.TOO_BIG, "the DOCX unpacks to more than "
                                + limits.maxUnpackedBytes() + " bytes");
                    }
                    long deflated = source.position() - entryStart;
                    if (inflated > GRACE_BYTES && deflated < inflated * MIN_INFLATE_RATIO) {
                        throw new DocumentRefused(Reason.DAMAGED, "the DOCX part " + entry.getName()
                                + " inflates more than " + Math.round(1 / MIN_INFLATE_RATIO) + " times: a zip bomb");
                    }
                }
                TextBudget.checkTime();
            }
        } catch (IOException e) {
            throw new DocumentRefused(Reason.DAMAGED, "the DOCX is not a readable zip: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new DocumentRefused(Reason.DAMAGED, "the DOCX is a zip without entries");
        }
    }

    /** The compressed bytes consumed so far (give or take the inflater's read-ahead, at most a buffer's worth). */
    private static final class Position extends ByteArrayInputStream {

        Position(byte[] content) {
            super(content);
        }

        synchronized long position() {
            return pos;
        }
    }
}
