package ru.saigabot.inference.catalog;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the downloaded bytes are checked against: the catalog's size and SHA-256 where it knows them, the hub's
 * otherwise. When both know a value and they differ, the repository was updated after the catalog was written,
 * and downloading gigabytes only to fail the check would be a waste.
 *
 * @param size exact size in bytes, if known
 * @param sha256 SHA-256, if known
 */
record ExpectedFile(OptionalLong size, Optional<String> sha256) {

    static ExpectedFile of(RemoteFile file) {
        return new ExpectedFile(file.size(), file.sha256());
    }

    /** Adds what the hub said at {@code uri}; fails if it contradicts what is already expected. */
    ExpectedFile with(HubFileInfo hub, RemoteFile file, URI uri) throws DownloadException {
        if (hub.size().isPresent() && size.isPresent() && hub.size().getAsLong() != size.getAsLong()) {
            throw changed(file, uri, "size " + size.getAsLong() + " bytes", hub.size().getAsLong() + " bytes");
        }
        if (hub.sha256().isPresent() && sha256.isPresent() && !hub.sha256().get().equals(sha256.get())) {
            throw changed(file, uri, "SHA-256 " + sha256.get(), hub.sha256().get());
        }
        return new ExpectedFile(size.isPresent() ? size : hub.size(), sha256.or(hub::sha256));
    }

    /** Adds the size a response announced, when nothing better is known. */
    ExpectedFile withSizeIfUnknown(OptionalLong announced) {
        return size.isPresent() ? this : new ExpectedFile(announced, sha256);
    }

    private static DownloadException changed(RemoteFile file, URI uri, String expected, String actual) {
        return new DownloadException(DownloadException.Reason.HUB_CHANGED, file.displayName() + " on the hub ("
                + uri + ") is not the file this saiga-bot knows: expected " + expected + ", the hub has " + actual
                + ". The repository was probably updated; use a newer saiga-bot, or download the file by hand");
    }
}
