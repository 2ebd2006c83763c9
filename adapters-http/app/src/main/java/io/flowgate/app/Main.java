package io.flowgate.app;

import io.flowgate.crypto.DevelopmentKeyStore;
import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import io.helidon.logging.common.LogConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** The {@code flowgate} command line. */
@Command(name = "flowgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A WhatsApp Flows data endpoint that serves per-flow plugins.",
        subcommands = {Main.Serve.class, Main.PublicKey.class, DecryptMedia.class, Main.Settings.class,
                CheckPlugin.class, NewPlugin.class, Funnel.class, FlowStatus.class, KeysCommand.class, SendCommand.class,
                FlowsCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        io.flowgate.cdn.HttpMediaDownloader.useLargeReadBuffers();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand that reads configuration shares. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE",
                description = "A YAML file with settings (default: ./application.yaml when it exists;"
                        + " in an installed release, its conf/application.yaml).")
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
            PrintWriter err = spec.commandLine().getErr();
            FlowgateSettings settings;
            try {
                settings = config.read();
            } catch (IllegalArgumentException e) {
                err.println("flowgate: cannot start: " + e.getMessage());
                err.flush();
                return 2;
            }
            return serve(settings, err);
        }
    }

    /**
     * Starts the server and blocks until the JVM is told to stop (0), or until a listener stops accepting
     * connections on its own (1, so that a supervisor restarts the process: a server that answers nothing
     * must not pass for a running one); 2 when it cannot start, with the reason.
     */
    static int serve(FlowgateSettings settings, PrintWriter err) throws InterruptedException {
        var stopped = new CountDownLatch(1);
        var deadListener = new AtomicReference<String>();
        LogFormats.apply(settings.logFormat());
        FlowgateServer server;
        try {
            server = FlowgateServer.start(settings, listener -> {
                deadListener.compareAndSet(null, listener);
                stopped.countDown();
            });
        } catch (FlowgateServer.StartupException | IllegalArgumentException e) {
            err.println("flowgate: cannot start: " + e.getMessage());
            err.flush();
            return 2;
        }
        // Helidon's shutdown handlers run in a JVM shutdown hook; the guard keeps the console open while the
        // drain logs what it does (the JDK closes the handlers from a hook of its own that runs beside this one).
        var logGuard = ShutdownLogGuard.install(settings.listeners().shutdownGrace().plusSeconds(10));
        io.helidon.spi.HelidonShutdownHandler onSigterm = () -> {
            try {
                server.close();
            } finally {
                logGuard.release();
            }
            stopped.countDown();
            // SIGTERM would end the JVM with status 143, which service managers count as a failure; a stop
            // that drained and closed everything is not one. Nothing is left to run: everything is closed.
            Runtime.getRuntime().halt(0);
        };
        io.helidon.Main.addShutdownHandler(onSigterm);
        stopped.await();
        if (deadListener.get() == null) {
            return 0;
        }
        // A listener died: this is a failure (exit 1, so that a supervisor restarts the process), not a stop.
        io.helidon.Main.removeShutdownHandler(onSigterm);
        server.close();
        logGuard.release();
        err.println("flowgate: stopping: the " + deadListener.get() + " listener stopped accepting connections");
        err.flush();
        return 1;
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
                var keys = settings.keys();
                RSAPrivateCrtKey key;
                if (keys.production()) {
                    key = PemPrivateKeyReader.read(keys.privateKeys().getFirst(),
                            keys.passphrase().isEmpty() ? null : keys.passphrase().toCharArray());
                } else {
                    var development = DevelopmentKeyStore.loadOrCreate(settings.directories().data());
                    err.println("flowgate: no private key is configured (flowgate.keys.private-key): this is the"
                            + " development key " + development.privateKeyFile().toAbsolutePath()
                            + ", for test numbers only");
                    key = development.privateKey();
                }
                var publicKey = PublicKeys.of(key);
                out.print(PublicKeys.toPem(publicKey));
                out.println("fingerprint: " + PublicKeys.fingerprint(publicKey));
                return 0;
            } catch (PrivateKeyLoadException | IllegalArgumentException e) {
                err.println("flowgate: " + e.getMessage());
                return 2;
            } catch (java.io.IOException e) {
                err.println("flowgate: the development key could not be read or created: " + e.getMessage()
                        + " (check flowgate.data.dir)");
                return 2;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(name = "settings", description = "Print every setting with its default and meaning, as a commented"
            + " application.yaml (or, with --markdown, the table of docs/configuration.md).")
    static final class Settings implements Callable<Integer> {
        @Option(names = "--markdown", description = "Print the Markdown table instead of YAML.")
        boolean markdown;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(markdown ? SettingsDocument.markdown() : SettingsDocument.yaml());
            out.flush();
            return 0;
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
