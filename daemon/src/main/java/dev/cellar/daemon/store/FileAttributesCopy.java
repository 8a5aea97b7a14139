package dev.cellar.daemon.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/** Gives a replacement file the owner, group and mode of the file it replaces. */
final class FileAttributesCopy {
    private FileAttributesCopy() {
    }

    static void copy(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: the rename keeps what it can
        }
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes now = view.readAttributes();
        // Owner and group first: changing them may clear mode bits. Only root may give a file
        // away, and a user may pick only their own groups; elsewhere the saver's ids stay.
        if (!old.owner().equals(now.owner())) {
            tryTo(() -> view.setOwner(old.owner()));
        }
        if (!old.group().equals(now.group())) {
            tryTo(() -> view.setGroup(old.group()));
        }
        view.setPermissions(old.permissions());
    }

    private interface IoStep {
        void run() throws IOException;
    }

    private static void tryTo(IoStep step) throws IOException {
        try {
            step.run();
        } catch (FileSystemException notPermitted) {
            // EPERM: keep the saver's owner or group rather than refuse the save
        }
    }
}
