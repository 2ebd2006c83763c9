package io.flowgate.app;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a {@code flowgate} command in-process with a YAML settings file, and keeps what it printed. */
final class MetaCommands {

    record Run(int exit, String out, String err) {
        /** Everything printed, to check that no secret is in it. */
        String all() {
            return out + err;
        }
    }

    private MetaCommands() {
    }

    /** A settings file for a server at {@code home} that reaches Meta at {@code graph}. */
    static Path config(Path home, FakeGraphApi graph, String extraYaml) throws IOException {
        Files.createDirectories(home);
        Path key = home.resolve("private.pem");
        if (!Files.exists(key)) {
            Files.writeString(key, TestServers.resource("/keys/private-pkcs8.pem"));
        }
        Files.createDirectories(home.resolve("plugins"));
        return Files.writeString(home.resolve("application.yaml"), """
                flowgate:
                  keys:
                    private-key: "%s"
                  plugins:
                    dir: "%s"
                  data:
                    dir: "%s"
                  meta:
                    graph-url: "%s"
                    access-token: "%s"
                    phone-number-id: "106540352242922,106540352242923"
                    waba-id: "102290129340398"
                    retry:
                      first-delay: PT0.01S
                %s""".formatted(key, home.resolve("plugins"), home.resolve("data"), graph.url(),
                FakeGraphApi.ACCESS_TOKEN, extraYaml));
    }

    static Run run(Path config, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var command = new CommandLine(new Main());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int exit = command.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }
}
