package io.convstore.metadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/** A {@link LakeTarget} as bytes, to travel inside a stream record without a Kryo fallback. */
public final class LakeTargets {
    private LakeTargets() {}

    public static byte[] toBytes(LakeTarget target) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(target);
        } catch (IOException e) {
            throw new UncheckedIOException("a lake target is always serializable", e);
        }
        return bytes.toByteArray();
    }

    public static LakeTarget fromBytes(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (LakeTarget) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("not a serialized lake target", e);
        }
    }
}
