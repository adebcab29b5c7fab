package io.jenkins.plugins.lander.source;

/** A source upload that cannot be landed as given: the message names the file and the problem. */
public class InvalidSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSourceException(String message) {
        super(message);
    }
}
