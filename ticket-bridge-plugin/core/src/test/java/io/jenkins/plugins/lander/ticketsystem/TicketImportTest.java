package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.client.LandingRequest;
import io.jenkins.plugins.lander.client.TicketClient;
import io.jenkins.plugins.lander.client.TicketImport;
import io.jenkins.plugins.lander.datastore.LocalDataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.EngineSettings;
import io.jenkins.plugins.lander.landing.LandingListener;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.repository.JdbcTicketRepository;
import io.jenkins.plugins.lander.repository.TicketDatabase;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Jenkins ticket bridge does with a ticket of a real Ticket System: its uploads are
 * fetched over the REST API and taken into the controller's engine (a data directory of its own)
 * through the engine's intake, so the master pipeline's steps find the ticket and land it; bad
 * input creates nothing; the same ticket sent twice is taken in once.
 */
class TicketImportTest extends TicketServerTest {
    @TempDir
    Path jenkins;
    private TicketDatabase jenkinsDb;
    private Engine engine;
    private TicketImport bridge;

    TicketImportTest() {
        super(Backend.H2);
    }

    @BeforeEach
    void controllerEngine() throws Exception {
        start();
        jenkinsDb = TicketDatabase.h2(jenkins.resolve("db"));
        engine = new Engine(new JdbcTicketRepository(jenkinsDb), new LocalDataStore(jenkins.resolve("store")),
                new FakeLandingSteps(), jenkins.resolve("tickets"), new EngineSettings(2, 1, Duration.ofSeconds(30)),
                SignatureVerifier.none());
        bridge = new TicketImport(engine, new TicketClient(server.uri(), TOKEN), jenkins.resolve("work"));
    }

    @AfterEach
    void closeEngine() {
        jenkinsDb.close();
    }

    /** A ticket of the Ticket System, held there (the bridge's Jenkins lands it, not the server's queue). */
    private long heldTicket(String source) throws Exception {
        return submit(true, 0, source);
    }

    private LandingRequest lookedUp(long id) throws Exception {
        return LandingRequest.fromFullTicket(ticket(id));
    }

    @Test
    void aTicketOfTheTicketSystemIsTakenInAndItsRunLandsIt() throws Exception {
        long remote = heldTicket("hello");

        TicketImport.Imported imported = bridge.submit(lookedUp(remote));

        Ticket t = imported.ticket();
        assertThat(imported.created()).isTrue();
        assertThat(t.getOrigin()).isEqualTo(Origin.JENKINS);
        assertThat(t.getTitle()).isEqualTo("land hello");
        assertThat(t.getSubtickets()).singleElement().satisfies(s -> assertThat(s.key()).isEqualTo("hello_1.0-1"));
        assertThat(TicketImport.ticketSystemId(engine, t.getId())).contains(Long.toString(remote));
        assertThat(engine.intake().uploadsOf(engine.tickets().find(t.getId()).orElseThrow())).hasSize(1);
        assertThat(jenkins.resolve("work")).isEmptyDirectory();

        // what the master pipeline's steps then do with the id the bridge schedules
        PipelineSteps steps = new PipelineSteps(engine, new LandingListener() {});
        steps.allocatePpa(t.getId());
        steps.buildSource(t.getId(), null);
        steps.buildImage(t.getId());
        steps.runAutopkgtest(t.getId(), null, List.of());
        steps.publish(t.getId());
        Map<String, Object> closed = steps.releasePpa(t.getId(), null);
        assertThat(closed).containsEntry("status", TicketStatus.COMPLETED.name())
                .containsEntry("step", WorkflowStep.COMPLETE.code());
    }

    @Test
    void theSeedsExecuteRequestNamingTheTicketSystemsFilesIsTakenIn() throws Exception {
        long remote = heldTicket("hello");
        String changes = server.uri().resolve("/store/ticket." + remote + "/sources/hello_1.0-1_source.changes").toString();
        LandingRequest request = LandingRequest.fromRequest(Json.MAPPER.readTree("""
                {"ticket": "%d", "series": "bookworm", "title": "hello", "source_packages": ["%s"],
                 "overrides": {"ignore_failures": ["IMAGE_TESTING"]}, "hints": ["force-badtest bbb/1.0"]}"""
                .formatted(remote, changes)));

        Ticket t = bridge.submit(request).ticket();

        assertThat(t.getOverrides().ignoresFailureOf(WorkflowStep.IMAGE_TESTING)).isTrue();
        assertThat(engine.tickets().find(t.getId()).orElseThrow().getHints()).containsExactly("force-badtest bbb/1.0");
        assertThat(engine.intake().uploadsOf(engine.tickets().find(t.getId()).orElseThrow()).get(0).files())
                .extracting(f -> f.name()).contains("hello_1.0-1.dsc", "hello_1.0-1_source.changes");
    }

    @Test
    void anAutomaticTicketIsTakenInAsAutomaticAndAPersonsIsNot() throws Exception {
        long remote = heldTicket("hello");
        String changes = server.uri().resolve("/store/ticket." + remote + "/sources/hello_1.0-1_source.changes").toString();
        LandingRequest sync = LandingRequest.fromRequest(Json.MAPPER.readTree("""
                {"ticket": "%d", "series": "bookworm", "source_packages": ["%s"], "automatic": true}"""
                .formatted(remote, changes)));
        long synced = submit(true, 0, true, "world"); // lander ticket create --automatic

        assertThat(engine.tickets().find(bridge.submit(sync).ticket().getId()).orElseThrow().isAutomatic()).isTrue();
        assertThat(engine.tickets().find(bridge.submit(lookedUp(synced)).ticket().getId()).orElseThrow().isAutomatic())
                .isTrue();
        long person = heldTicket("person");
        assertThat(engine.tickets().find(bridge.submit(lookedUp(person)).ticket().getId()).orElseThrow().isAutomatic())
                .isFalse();
    }

    @Test
    void anAutomaticFlagThatIsNotABooleanIsRefusedWhereItIsGiven() {
        for (String bad : new String[] {"\"true\"", "1", "\"yes\""}) {
            assertThatThrownBy(() -> LandingRequest.fromRequest(Json.MAPPER.readTree("""
                    {"ticket": "3", "series": "bookworm", "source_packages": ["x.dsc"], "automatic": %s}""".formatted(bad))))
                    .as(bad).isInstanceOf(InvalidSourceException.class).hasMessage("automatic: expected true or false");
        }
    }

    @Test
    void theSameTicketSentAgainWhileItLandsIsTakenInOnce() throws Exception {
        long remote = heldTicket("hello");
        Ticket first = bridge.submit(lookedUp(remote)).ticket();

        TicketImport.Imported again = bridge.submit(lookedUp(remote));

        assertThat(again.created()).isFalse();
        assertThat(again.ticket().getId()).isEqualTo(first.getId());
        assertThat(engine.tickets().unfinished()).hasSize(1);
    }

    @Test
    void uploadsFromAnywhereElseAreRefusedAndNothingIsCreated() throws Exception {
        Path elsewhere = Files.createDirectories(jenkins.resolve("elsewhere"));
        Path changes = SourceFixture.changes(elsewhere, "hello", "1.0-1");
        for (String where : new String[] {changes.toString(), changes.toUri().toString(),
                "http://203.0.113.7/store/ticket.1/sources/hello_1.0-1_source.changes",
                "http://127.0.0.1:1/store/ticket.1/sources/hello_1.0-1_source.changes",
                server.uri() + "store/ticket.1/../../etc/hello_1.0-1_source.changes"}) {
            LandingRequest request = LandingRequest.fromRequest(Json.MAPPER.readTree(
                    Json.MAPPER.writeValueAsString(Map.of("ticket", "1", "series", "bookworm", "source_packages", new String[] {where}))));
            assertThatThrownBy(() -> bridge.submit(request)).as(where).isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("neither a file of this Lander's data store nor of the Ticket System");
        }
        assertThat(engine.tickets().unfinished()).isEmpty();
    }

    @Test
    void aMissingFileOrAnUnknownSeriesIsBadInputAndNothingIsCreated() throws Exception {
        long remote = heldTicket("hello");
        String missing = server.uri().resolve("/store/ticket." + remote + "/sources/absent_1.0_source.changes").toString();
        LandingRequest notThere = LandingRequest.fromRequest(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                Map.of("ticket", "9", "series", "bookworm", "source_packages", new String[] {missing}))));
        LandingRequest found = lookedUp(remote);
        LandingRequest unknownSeries = new LandingRequest(found.ticket(), found.title(), null, null, null, "sid",
                found.sourcePackages(), List.of(), found.overrides(), List.of(), false);

        assertThatThrownBy(() -> bridge.submit(notThere)).isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("absent_1.0_source.changes is not beside it in the Ticket System");
        assertThatThrownBy(() -> bridge.submit(unknownSeries)).isInstanceOf(InvalidSourceException.class).hasMessageContaining("unknown series 'sid'");
        assertThat(engine.tickets().unfinished()).isEmpty();
        assertThat(jenkins.resolve("work")).isEmptyDirectory();
    }

    @Test
    void anOverrideThatDoesNotExistIsRefusedWhereItIsGiven() {
        assertThatThrownBy(() -> LandingRequest.fromRequest(Json.MAPPER.readTree("""
                {"ticket": "3", "series": "bookworm", "source_packages": ["x.dsc"],
                 "overrides": {"ignore_failures": ["PACKAGE_PUBLISHING"]}}""")))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("cannot be ignored");
    }

    @Test
    void aHintThatIsNotBritneysIsRefusedWhereItIsGiven() {
        assertThatThrownBy(() -> LandingRequest.fromRequest(Json.MAPPER.readTree("""
                {"ticket": "3", "series": "bookworm", "source_packages": ["x.dsc"],
                 "hints": ["force-hint bbb/1.0"]}""")))
                .isInstanceOf(InvalidSourceException.class).hasMessageContaining("hints: ")
                .hasMessageContaining("unknown hint 'force-hint'");
    }
}
