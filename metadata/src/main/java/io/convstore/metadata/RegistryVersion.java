package io.convstore.metadata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * One compiled version of the metadata directory as it travels from the metadata watcher to every subtask:
 * the digest of the files it came from, and the {@link Registry} in serialized form (a plain byte array keeps the
 * stream type a POJO).
 */
public record RegistryVersion(String digest, byte[] registry) implements java.io.Serializable {

    public static RegistryVersion of(String digest, Registry registry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(registry);
        } catch (IOException e) {
            throw new UncheckedIOException("a registry is always serializable", e);
        }
        return new RegistryVersion(digest, bytes.toByteArray());
    }

    public Registry toRegistry() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(registry))) {
            return (Registry) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read metadata version " + digest, e);
        }
    }
}
