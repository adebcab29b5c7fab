package io.jenkins.plugins.lander.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.notify.NotifySettings.Mode;
import io.jenkins.plugins.lander.notify.NotifySettings.On;
import io.jenkins.plugins.lander.notify.SmtpSettings.Security;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySettingsTest {
    @TempDir
    Path dir;

    private static Map<String, String> yes(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("LANDER_NOTIFY", "yes");
        env.put("LANDER_SMTP_URL", url);
        env.put("LANDER_MAIL_FROM", "Lander <lander@example.org>");
        return env;
    }

    @Test
    void nothingSetSendsNothing() {
        NotifySettings s = NotifySettings.fromEnvironment(Map.of());
        assertThat(s.mode()).isEqualTo(Mode.NO);
        assertThat(s.on()).isEqualTo(On.FAILURES);
        assertThat(s.notifyAutomatic()).isFalse();
        assertThat(s.smtp()).isNull();
        assertThat(s.admins()).isEmpty();
    }

    @Test
    void readsEverySetting() {
        Map<String, String> env = yes("smtp://mail.example.org:587?starttls=required");
        env.put("LANDER_NOTIFY_ON", "all");
        env.put("LANDER_NOTIFY_AUTOMATIC", "yes");
        env.put("LANDER_ADMINS", "\"Doe, Jane\" <jane@example.org>, ops@example.org, OPS@example.org");
        NotifySettings s = NotifySettings.fromEnvironment(env);
        assertThat(s.mode()).isEqualTo(Mode.YES);
        assertThat(s.on()).isEqualTo(On.ALL);
        assertThat(s.notifyAutomatic()).isTrue();
        assertThat(s.from().getAddress()).isEqualTo("lander@example.org");
        assertThat(s.admins()).extracting(a -> a.getAddress()).containsExactly("jane@example.org", "ops@example.org");
        assertThat(s.admins().get(0).getPersonal()).isEqualTo("Doe, Jane");
        assertThat(s.smtp().host()).isEqualTo("mail.example.org");
        assertThat(s.smtp().port()).isEqualTo(587);
        assertThat(s.smtp().security()).isEqualTo(Security.STARTTLS_REQUIRED);
    }

    @Test
    void smtpUrlForms() {
        assertThat(SmtpSettings.parse("smtp://mail.test", null, null, null))
                .extracting(SmtpSettings::port, SmtpSettings::security)
                .containsExactly(25, Security.STARTTLS_WHEN_OFFERED);
        assertThat(SmtpSettings.parse("smtps://mail.test", null, null, null))
                .extracting(SmtpSettings::port, SmtpSettings::security)
                .containsExactly(465, Security.SMTPS);
        assertThat(SmtpSettings.parse("smtp://[::1]:2525/", null, null, null).host()).isEqualTo("::1");
        assertThat(SmtpSettings.parse("smtp://mail.test:587", "lander", "pw", null).security())
                .as("credentials never in clear text")
                .isEqualTo(Security.STARTTLS_REQUIRED);
    }

    @Test
    void badSmtpUrlsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SmtpSettings.parse("http://mail.test", null, null, null))
                .hasMessageContaining("LANDER_SMTP_URL").hasMessageContaining("smtp:// or smtps://");
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://user:secret@mail.test", null, null, null))
                .hasMessageContaining("no credentials in the URL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://mail.test?starttls=maybe", null, null, null))
                .hasMessageContaining("unknown parameter 'starttls=maybe'");
        assertThatThrownBy(() -> SmtpSettings.parse("smtps://mail.test?starttls=required", null, null, null))
                .hasMessageContaining("smtps:// takes no parameters");
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://mail.test/relay", null, null, null))
                .hasMessageContaining("only smtp[s]://HOST[:PORT]");
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://mail.test:99999", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://mail.test", "lander", null, null))
                .hasMessageContaining("both a user and a password");
    }

    @Test
    void yesNeedsAServerAndASender() {
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_NOTIFY", "yes",
                "LANDER_MAIL_FROM", "lander@example.org")))
                .hasMessageContaining("LANDER_SMTP_URL");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_NOTIFY", "yes",
                "LANDER_SMTP_URL", "smtp://mail.test")))
                .hasMessageContaining("LANDER_MAIL_FROM");
        assertThat(NotifySettings.fromEnvironment(Map.of("LANDER_NOTIFY", "dry-run")).from().getAddress())
                .as("a dry run sends nothing, so it needs no sender")
                .isEqualTo("lander@localhost");
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_NOTIFY", "maybe")))
                .hasMessageContaining("LANDER_NOTIFY: 'maybe' is not yes, dry-run or no");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_NOTIFY_ON", "successes")))
                .hasMessageContaining("LANDER_NOTIFY_ON");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_NOTIFY_AUTOMATIC", "1")))
                .hasMessageContaining("LANDER_NOTIFY_AUTOMATIC");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_ADMINS", "ops@example.org, not an address")))
                .hasMessageContaining("LANDER_ADMINS");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_ADMINS", "team:a@example.org;")))
                .hasMessageContaining("LANDER_ADMINS");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(Map.of("LANDER_MAIL_FROM", "a@example.org, b@example.org")))
                .hasMessageContaining("exactly one address");
    }

    @Test
    void thePasswordComesFromAFileAndIsNeverShown() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-the-file\n");
        Map<String, String> env = yes("smtp://mail.test:587");
        env.put("LANDER_SMTP_USER", "lander");
        env.put("LANDER_SMTP_PASSWORD_FILE", file.toString());
        NotifySettings s = NotifySettings.fromEnvironment(env);
        assertThat(s.smtp().password()).isEqualTo("from-the-file");
        assertThat(s.smtp().toString()).contains("lander", "****").doesNotContain("from-the-file");
        assertThat(s.toString()).doesNotContain("from-the-file");

        env.put("LANDER_SMTP_PASSWORD", "inline");
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(env)).hasMessageContaining("not both");
        env.remove("LANDER_SMTP_PASSWORD");
        env.put("LANDER_SMTP_PASSWORD_FILE", dir.resolve("missing").toString());
        assertThatThrownBy(() -> NotifySettings.fromEnvironment(env)).hasMessageContaining("LANDER_SMTP_PASSWORD_FILE");
    }
}
