package io.jenkins.plugins.lander.pipeline;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The agent runner, {@code lander.jar} (the CLI's {@code lander step}), which this plugin ships as a
 * resource: copied once per node into {@code ROOT/tools/lander/}, under a name that carries its
 * SHA-256, so a plugin update brings a new copy and two versions never mix.
 */
final class AgentJar {
    static final String RESOURCE = "lander.jar";
    private static String checksum;

    private AgentJar() {}

    /** The node's copy of the jar, copied there first if it is not yet. */
    static FilePath install(FilePath workspace, TaskListener listener) throws IOException, InterruptedException {
        FilePath dir = toolsDir(workspace);
        FilePath jar = dir.child("lander-" + checksum().substring(0, 16) + ".jar");
        if (!jar.exists()) {
            listener.getLogger().println("[lander] copying the agent runner to " + jar.getRemote());
            dir.mkdirs();
            FilePath part = dir.child(jar.getName() + ".part");
            try (InputStream in = resource().openStream()) {
                part.copyFrom(in);
            }
            part.renameTo(jar);
        }
        return jar;
    }

    /** The node's own place for Lander (jar, builder data): the node root, else beside the workspace. */
    static FilePath toolsDir(FilePath workspace) {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        FilePath root = node == null ? null : node.getRootPath();
        return (root == null ? WorkspaceList.tempDir(workspace) : root).child("tools").child("lander");
    }

    private static URL resource() throws AbortException {
        URL url = AgentJar.class.getResource(RESOURCE);
        if (url == null) {
            throw new AbortException("this lander-build-steps plugin was built without its agent runner " + RESOURCE);
        }
        return url;
    }

    private static synchronized String checksum() throws IOException {
        if (checksum == null) {
            try (DigestInputStream in = new DigestInputStream(resource().openStream(), MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(OutputStream.nullOutputStream());
                checksum = HexFormat.of().formatHex(in.getMessageDigest().digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return checksum;
    }
}
