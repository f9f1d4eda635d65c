package org.badit.lora.linalg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a minimal TorchScript archive for a parameterless module from its serialized source.
 *
 * <p>The archive is a zip of uncompressed entries under one top folder: {@code code/__torch__.py} (the class source),
 * {@code data.pkl} (a protocol-2 pickle that builds {@code __torch__.<Class>} and sets {@code training = False}),
 * {@code constants.pkl} (an empty tuple) and {@code version}. That is all libtorch's loader needs for a module
 * without tensors.
 */
final class TorchScriptArchive {

    private TorchScriptArchive() {}

    static byte[] write(String folder, String className, String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, folder + "/version", "6\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, folder + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, folder + "/data.pkl", modulePickle(className));
            stored(zip, folder + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code __torch__.<className>()} with state {@code {"training": False}}, pickle protocol 2. */
    private static byte[] modulePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO
        p.write(2);
        writeAscii(p, "c__torch__\n" + className + "\n"); // GLOBAL module\nname\n
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.write(key, 0, key.length);
        p.write(0x89); // NEWFALSE
        p.write('s'); // SETITEM
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
