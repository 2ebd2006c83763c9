package io.flowgate.app;

import io.flowgate.plugins.loader.TestJarsAccess;
import io.flowgate.plugins.loader.fixtures.BookingPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowgate check-plugin}: the plugin loaded as the server loads it, its Flow JSON compiled as at startup. */
class CheckPluginCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aPluginWithAValidFlowJsonPassesAndSaysSo() throws Exception {
        Path jar = bookingJar(bookingFlowJson());

        assertThat(run(jar.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("flow \"booking\": " + jar.toAbsolutePath() + "!/flow.json")
                .contains("1 flow, 0 errors, 0 warnings");
    }

    @Test
    void lintFindingsArePrintedAndDoNotFailTheCheck() throws Exception {
        Path jar = bookingJar(bookingFlowJson().replace("\"version\": \"7.3\"", "\"version\": \"2.1\""));

        assertThat(run(jar.toString())).isZero();
        assertThat(out.toString()).contains("  WARNING ").contains("at /version").contains("0 errors, 1 warning");
    }

    @Test
    void aFlowJsonTheServerWouldRefuseFailsWithEveryErrorAndItsPointer() throws Exception {
        Path jar = bookingJar(bookingFlowJson().replace("\"FORM\": [\"CONFIRM\"]", "\"FORM\": [\"NOWHERE\"]"));

        assertThat(run(jar.toString())).isEqualTo(CheckPlugin.FLOW_JSON_ERRORS);
        assertThat(out.toString()).contains("  ERROR ROUTING_MODEL_UNKNOWN_SCREEN at /routing_model/FORM/0")
                .contains("the server would not start with this plugin");
    }

    @Test
    void aFlowJsonThatIsNotJsonFailsNamingTheFile() throws Exception {
        Path jar = bookingJar("{\"version\": ");

        assertThat(run(jar.toString())).isEqualTo(CheckPlugin.FLOW_JSON_ERRORS);
        assertThat(err.toString()).contains(jar.toAbsolutePath() + "!/flow.json is not valid JSON");
    }

    @Test
    void aPluginWithoutFlowJsonPassesWithTheWarningTheServerWouldLog() throws Exception {
        Path jar = TestJarsAccess.jar(dir.resolve("booking.jar"), BookingPlugin.class.getName(), BookingPlugin.class);

        assertThat(run(jar.toString())).isZero();
        assertThat(out.toString()).contains("WARNING no flow.json: its answers would not be checked")
                .contains("0 errors, 1 warning");
    }

    @Test
    void aNamedFlowJsonFileIsCheckedInsteadOfTheJarsOwn() throws Exception {
        Path jar = bookingJar(bookingFlowJson());
        Path broken = Files.writeString(dir.resolve("other.json"), "{\"screens\": []}");

        assertThat(run(jar.toString(), "--flow-json", broken.toString())).isEqualTo(CheckPlugin.FLOW_JSON_ERRORS);
        assertThat(out.toString()).contains("flow \"booking\": " + broken.toAbsolutePath()).contains("  ERROR ");
    }

    @Test
    void aFolderOfJarsIsCheckedAsOnePlugin() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("booking"));
        TestJarsAccess.jar(folder.resolve("booking.jar"), BookingPlugin.class.getName(),
                Map.of("flow.json", bookingFlowJson().getBytes(StandardCharsets.UTF_8)), BookingPlugin.class);

        assertThat(run(folder.toString())).isZero();
        assertThat(out.toString()).contains("1 flow, 0 errors");
    }

    @Test
    void somethingThatIsNoPluginExitsWith2AndTheReason() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "hello");

        assertThat(run(readme.toString())).isEqualTo(CheckPlugin.NOT_LOADABLE);
        assertThat(err.toString()).contains("README.md is not a plugin");
        assertThat(run(dir.resolve("missing.jar").toString())).isEqualTo(CheckPlugin.NOT_LOADABLE);
        assertThat(err.toString()).contains("missing.jar does not exist");
    }

    @Test
    void aRouterThatDoesNotMatchTheFlowJsonFailsTheCheckWithTheNames() throws Exception {
        Path jar = TestJarsAccess.jar(dir.resolve("routed.jar"),
                io.flowgate.plugins.loader.fixtures.RoutedBookingPlugin.class.getName(),
                Map.of("flow.json", bookingFlowJson().getBytes(StandardCharsets.UTF_8)),
                io.flowgate.plugins.loader.fixtures.RoutedBookingPlugin.class);

        assertThat(run(jar.toString())).isEqualTo(CheckPlugin.FLOW_JSON_ERRORS);
        assertThat(out.toString()).contains("ERROR ROUTER onSubmit(\"CONFIRMED\") names a screen")
                .contains("ERROR ROUTER screen CONFIRM sends data_exchange, but the router has no onSubmit(\"CONFIRM\", ...)")
                .contains("1 flow, 2 errors, 0 warnings: the server would not start with this plugin");
    }

    private int run(String... args) {
        var command = new CommandLine(new Main());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "check-plugin";
        System.arraycopy(args, 0, all, 1, args.length);
        return command.execute(all);
    }

    private Path bookingJar(String flowJson) throws Exception {
        return TestJarsAccess.jar(dir.resolve("booking.jar"), BookingPlugin.class.getName(),
                Map.of("flow.json", flowJson.getBytes(StandardCharsets.UTF_8)), BookingPlugin.class);
    }

    private static String bookingFlowJson() throws Exception {
        return TestServers.resource("/flows/booking.json").replace("ANSWER_TYPE", "string")
                .replace("ANSWER_EXAMPLE", "\"yes\"");
    }
}
