package io.jenkins.plugins.lander.steps.testbed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The testbeds one can choose ({@code lander land --testbed NAME}, {@code testbed=} in
 * {@code lander.conf}, {@code $LANDER_TESTBED}, the Jenkins global configuration).
 */
public enum TestbedKind {
    /** User namespaces on this machine; uploads whose tests need a whole machine go to qemu when chosen by default. */
    UNSHARE,
    /** A KVM virtual machine on this machine (autopkgtest-virt-qemu). */
    QEMU,
    /** A server booted on OpenStack Nova, reached over ssh (autopkgtest-virt-ssh). */
    NOVA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a setting names; anything else is refused, naming the choices. */
    public static TestbedKind parse(String name) {
        for (TestbedKind k : values()) {
            if (k.label().equals(name == null ? null : name.strip())) {
                return k;
            }
        }
        boolean printable = name != null && name.length() <= 40 && name.chars().noneMatch(Character::isISOControl);
        throw new IllegalArgumentException("unknown testbed " + (printable ? "'" + name + "'"
                : "(not shown: over 40 characters or control characters)") + "; choose one of " + choices());
    }

    public static String choices() {
        return Arrays.stream(values()).map(TestbedKind::label).collect(Collectors.joining(", "));
    }
}
