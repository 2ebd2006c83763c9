package io.flowgate.distribution;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sdk/install.sh of the unpacked release puts the plugin SDK into a Maven local repository, with Maven's own
 * install:install-file. The repository is a fresh one in front of the build's (maven.repo.local.tail, read-only),
 * so the test writes nothing into the shared ~/.m2 and runs offline.
 */
class SdkInstallIT {

    private static final String VERSION = System.getProperty("flowgate.version", "0.1.0-SNAPSHOT");

    @Test
    void oneCommandInstallsThePluginApiTheTestkitAndTheirParents() throws Exception {
        Path buildRepository = Path.of(System.getProperty("flowgate.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        Path mavenWrapper = Path.of(System.getProperty("flowgate.mavenWrapper", "../../mvnw")).toAbsolutePath();
        try (Release release = Release.unpack()) {
            Path repository = Files.createDirectories(release.home().getParent().resolve("m2"));
            var environment = Map.of("MVN", mavenWrapper.toString(), "HOME", System.getProperty("user.home"),
                    "PATH", "/usr/bin:/bin");

            Release.Result install = release.run("sdk/install.sh", release.home(), environment,
                    "-o", "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + buildRepository);

            assertThat(install.status()).as(install.out() + install.err()).isZero();
            assertThat(install.out()).contains("installed flowgate-spi-" + VERSION)
                    .contains("the Flowgate plugin SDK (9 artifacts) is in your local Maven repository");
            for (String jar : new String[]{"flowgate-spi", "flowgate-plugin-testkit", "flowgate-core",
                    "flowgate-flowjson", "flowgate-storage-memory"}) {
                Path installed = repository.resolve("io/flowgate/" + jar + "/" + VERSION + "/" + jar + "-" + VERSION + ".jar");
                Path shipped = release.home().resolve("sdk/repository/io/flowgate/" + jar + "/" + VERSION + "/"
                        + jar + "-" + VERSION + ".jar");
                assertThat(installed).hasSameBinaryContentAs(shipped);
            }
            for (String parent : new String[]{"flowgate-parent", "flowgate-core-parent", "flowgate-plugins-parent",
                    "flowgate-adapters-storage-parent"}) {
                assertThat(repository.resolve("io/flowgate/" + parent + "/" + VERSION + "/" + parent + "-" + VERSION + ".pom"))
                        .isRegularFile();
            }
        }
    }
}
