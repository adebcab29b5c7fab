package io.jenkins.plugins.lander.cli;

/** Input the CLI refuses before changing anything: exit code 2. */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
