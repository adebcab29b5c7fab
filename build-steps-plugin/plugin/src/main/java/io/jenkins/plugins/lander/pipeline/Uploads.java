package io.jenkins.plugins.lander.pipeline;

import hudson.AbortException;
import hudson.FilePath;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Turns a step's {@code upload} argument into a checked source upload. The backend runs on the
 * controller, so the upload must be readable there: an absolute path, a {@code file:} URI (what
 * the local data store hands out), or a path relative to a workspace on the controller.
 */
final class Uploads {
    private Uploads() {}

    /** The descriptor's file name, for journal keys: known without touching the file. */
    static String name(String upload) {
        String path = upload.startsWith("file:") ? URI.create(upload).getPath() : upload;
        return Path.of(path).getFileName().toString();
    }

    static SourceUpload read(String upload, FilePath workspace) throws IOException, InterruptedException {
        try {
            return new SourceUploadReader().read(locate(upload, workspace));
        } catch (InvalidSourceException e) {
            throw new AbortException("invalid source upload " + upload + ": " + e.getMessage());
        }
    }

    private static Path locate(String upload, FilePath workspace) throws AbortException {
        if (upload.startsWith("file:")) {
            return Path.of(URI.create(upload));
        }
        if (upload.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new AbortException(
                    "cannot read " + upload + ": give a path or a file: URI readable on the controller");
        }
        Path path = Path.of(upload);
        if (path.isAbsolute()) {
            return path;
        }
        if (workspace == null || workspace.isRemote()) {
            throw new AbortException("relative upload path " + upload
                    + " needs a workspace on the controller; give an absolute path or a file: URI");
        }
        return Path.of(workspace.getRemote()).resolve(path);
    }
}
