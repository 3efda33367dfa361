package ru.saigabot.inference.catalog;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import ru.saigabot.inference.catalog.DownloadException.Reason;

/** The downloader's error messages: each names the file or URL and what went wrong, in words a user can act on. */
final class DownloadFailures {

    private DownloadFailures() {
    }

    /**
     * A 401, 403, 404 or 410. Hugging Face says which in {@code X-Error-Code}: it answers 401 for a repository that
     * does not exist (rather than reveal private ones), so the status alone would send users after a token.
     */
    static DownloadException refused(RemoteFile file, URI uri, int status, HttpHeaders headers, boolean tokenGiven) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String hubSays = headers.firstValue("X-Error-Message").map(m -> ": " + m).orElse("");
        String where = " (HTTP " + status + " for " + uri + hubSays + ")";
        switch (code) {
            case "RepoNotFound":
                return new DownloadException(Reason.NOT_FOUND, "the hub has no repository " + file.repository()
                        + where + "; if it is private, it needs an access token");
            case "EntryNotFound":
            case "RevisionNotFound":
                return new DownloadException(Reason.NOT_FOUND, "the hub has no file " + file.file()
                        + " in repository " + file.repository() + where);
            case "GatedRepo":
                return new DownloadException(Reason.ACCESS_DENIED, file.repository() + " is gated" + where
                        + ": accept its conditions on the hub, with the account whose access token is used");
            default:
                break;
        }
        if (status == 404 || status == 410) {
            return new DownloadException(Reason.NOT_FOUND, "the hub has no file " + file.file() + " in repository "
                    + file.repository() + where);
        }
        return new DownloadException(Reason.ACCESS_DENIED, "the hub refused " + file.displayName() + where + ": "
                + (tokenGiven ? "the access token has no access to " + file.repository()
                        : file.repository() + " is gated or private and needs an access token"));
    }

    /** A response the planner gave up on. */
    static DownloadException of(RemoteFile file, HubClient.Response response, ResumePlanner.Fail fail,
            boolean tokenGiven) {
        switch (fail.reason()) {
            case NOT_FOUND:
            case ACCESS_DENIED:
                return refused(file, response.uri(), response.status(), response.headers(), tokenGiven);
            case HUB_CHANGED:
                return new DownloadException(Reason.HUB_CHANGED, file.displayName() + " on the hub ("
                        + response.uri() + ") is not the expected file: " + fail.why());
            default:
                return new DownloadException(fail.reason(), "cannot download " + file.displayName() + " from "
                        + response.uri() + ": " + fail.why());
        }
    }

    static DownloadException unreachable(RemoteFile file, URI hub, int attempts, String lastFailure, long keptBytes) {
        return new DownloadException(Reason.UNREACHABLE, "cannot download " + file.displayName() + " from " + hub
                + " after " + attempts + " attempts (last: " + lastFailure + ")"
                + (keptBytes > 0 ? "; the " + ByteSizes.format(keptBytes)
                        + " downloaded so far are kept and the next pull resumes from there" : ""));
    }

    /** A file under the final name that is not the hub's (which means someone else put it there). */
    static DownloadException staleFile(RemoteFile file, Path target, long size, long expectedSize) {
        return new DownloadException(Reason.HUB_CHANGED, target + " exists but has " + size + " bytes, while "
                + file.displayName() + " has " + expectedSize
                + ": it is another file or an older version; delete it to download the current one");
    }

    static String stalled(Duration timeout, URI uri) {
        String time = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return "no data for " + time + " from " + uri;
    }

    /** An I/O failure in a few words; HttpClient's messages are often empty. */
    static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer in time: " + e.getMessage();
        }
        if (e instanceof ConnectException && e.getMessage() != null) {
            return e.getMessage(); // HubClient names the host
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }
}
