package io.flowgate.app;

import io.flowgate.flowjson.Compilation;
import io.flowgate.flowjson.FlowJsonCompiler;
import io.flowgate.json.JacksonJsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowgate new-plugin}: what it writes; GeneratedPluginBuildTest builds the result with Maven. */
class NewPluginCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void writesAStandaloneProjectWithEveryPlaceholderFilled() throws Exception {
        Path project = dir.resolve("feedback");

        assertThat(run("feedback-v2", project.toString())).as(err.toString()).isZero();

        assertThat(project.resolve("src/main/java/com/example/feedbackv2/FeedbackV2Flow.java")).exists();
        assertThat(project.resolve("src/test/java/com/example/feedbackv2/FeedbackV2FlowTest.java")).exists();
        assertThat(Files.readString(project.resolve("src/main/resources/META-INF/services/io.flowgate.spi.FlowPlugin")))
                .isEqualTo("com.example.feedbackv2.FeedbackV2Flow\n");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).doesNotContain("<parent>").contains("<finalName>feedback-v2</finalName>")
                .contains("<flowgate.version>" + NewPlugin.flowgateVersion() + "</flowgate.version>")
                .contains("<maven.compiler.release>21</maven.compiler.release>");
        assertThat(Files.readString(project.resolve("src/main/java/com/example/feedbackv2/FeedbackV2Flow.java")))
                .contains("return \"feedback-v2\";");
        assertThat(Files.isExecutable(project.resolve("mvnw"))).isTrue();
        assertThat(project.resolve(".mvn/wrapper/maven-wrapper.properties")).exists();
        try (Stream<Path> files = Files.walk(project)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("{{");
            }
        }
        assertThat(out.toString()).contains("./mvnw verify");
    }

    @Test
    void packageAndClassCanBeNamed() throws Exception {
        Path project = dir.resolve("p");

        assertThat(run("new", project.toString(), "--package", "com.acme.flows", "--class", "Welcome")).isZero();

        assertThat(project.resolve("src/main/java/com/acme/flows/Welcome.java")).exists();
    }

    @Test
    void aFlowIdThatIsAKeywordStillMakesAValidPackage() throws Exception {
        assertThat(run("new", dir.resolve("p").toString())).isZero();

        assertThat(dir.resolve("p/src/main/java/com/example/newflow/NewFlow.java")).exists();
    }

    @Test
    void theTemplateFlowJsonCompilesWithoutFindings() throws Exception {
        Compilation compilation = FlowJsonCompiler.compile(
                new JacksonJsonCodec().readObject(NewPlugin.template("flow.json").getBytes()));

        assertThat(compilation.errors()).isEmpty();
        assertThat(compilation.warnings()).isEmpty();
    }

    @Test
    void refusesAFolderThatIsNotEmptyAndWritesNothing() throws Exception {
        Path project = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(project.resolve("notes.txt"), "keep me");

        assertThat(run("feedback", project.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("is not empty: name a new folder");
        try (Stream<Path> files = Files.list(project)) {
            assertThat(files).containsExactly(project.resolve("notes.txt"));
        }
    }

    @Test
    void refusesABadFlowIdPackageOrClassWithTheRule() {
        assertThat(run("no spaces", dir.resolve("a").toString())).isEqualTo(2);
        assertThat(run("ok", dir.resolve("b").toString(), "--package", "Com.Acme")).isEqualTo(2);
        assertThat(run("ok", dir.resolve("c").toString(), "--class", "lower")).isEqualTo(2);

        assertThat(err.toString()).contains("\"no spaces\" is not a flow id: use 1 to 64 letters, digits, '-' or '_'")
                .contains("--package Com.Acme is not a Java package name")
                .contains("--class lower is not a Java class name");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    private int run(String... args) {
        var command = new CommandLine(new Main());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "new-plugin";
        System.arraycopy(args, 0, all, 1, args.length);
        return command.execute(all);
    }
}
