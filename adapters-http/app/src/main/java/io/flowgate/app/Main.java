package io.flowgate.app;

import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import io.helidon.logging.common.LogConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code flowgate} command line. */
@Command(name = "flowgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A WhatsApp Flows data endpoint that serves per-flow plugins.",
        subcommands = {Main.Serve.class, Main.PublicKey.class, DecryptMedia.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand that reads configuration shares. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE",
                description = "A YAML file with settings (default: ./application.yaml when it exists).")
        Path file;

        FlowgateSettings read() {
            return SettingsReader.read(Optional.ofNullable(file), System.getenv());
        }
    }

    @Command(name = "serve", description = "Start the data endpoint and serve the plugins in the plugins directory.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            FlowgateSettings settings;
            FlowgateServer server;
            try {
                settings = config.read();
                server = FlowgateServer.start(settings);
            } catch (FlowgateServer.StartupException | IllegalArgumentException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("flowgate: cannot start: " + e.getMessage());
                err.flush();
                return 2;
            }
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "flowgate-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "public-key",
            description = "Print the public key to upload to Meta, and its fingerprint, for the configured private key.")
    static final class PublicKey implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                FlowgateSettings settings = config.read();
                if (settings.privateKeys().isEmpty()) {
                    err.println("flowgate: no private key configured (flowgate.keys.private-key); `serve` prints the"
                            + " development key's public key at startup");
                    return 2;
                }
                var key = PemPrivateKeyReader.read(settings.privateKeys().getFirst(),
                        settings.passphrase().isEmpty() ? null : settings.passphrase().toCharArray());
                var publicKey = PublicKeys.of(key);
                out.print(PublicKeys.toPem(publicKey));
                out.println("fingerprint: " + PublicKeys.fingerprint(publicKey));
                return 0;
            } catch (PrivateKeyLoadException | IllegalArgumentException e) {
                err.println("flowgate: " + e.getMessage());
                return 2;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"flowgate " + (version == null ? "(development build)" : version)};
        }
    }
}
