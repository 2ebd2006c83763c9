package io.flowgate.app;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.port.in.ManageBusinessKeys;
import io.flowgate.crypto.BusinessKeyFiles;
import io.flowgate.crypto.PrivateKeyLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code flowgate keys generate|upload|check}: the business key pair, and the key Meta serves for each number. */
@Command(name = "keys", description = "The business key pair: generate one, upload its public key to Meta, check what"
        + " Meta serves.", subcommands = {KeysCommand.Generate.class, KeysCommand.Upload.class, KeysCommand.Check.class})
final class KeysCommand implements Runnable {

    /** Exit status: everything as it should be. */
    static final int OK = 0;
    /** Exit status: the check found a problem (it is described). */
    static final int PROBLEM = 1;
    /** Exit status: the command could not do its work (configuration, Meta unreachable or refusing). */
    static final int FAILED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", description = "Write a new RSA-2048 key pair into DIR: private-key.pem (encrypted"
            + " PKCS#8, mode 0600; passphrase from flowgate.keys.passphrase or -file, or asked for) and public-key.pem"
            + " (0644). Existing files are never overwritten.")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the pair into.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            char[] passphrase = null;
            try {
                passphrase = passphrase(config.read());
                var generated = BusinessKeyFiles.generate(out, passphrase);
                stdout.println("private key: " + generated.privateKey() + " (encrypted PKCS#8, mode 0600)");
                stdout.println("public key:  " + generated.publicKey());
                stdout.println("fingerprint: " + generated.fingerprint());
                stdout.println("next: set " + Setting.PRIVATE_KEY.key() + " to " + generated.privateKey().toAbsolutePath()
                        + ", then ./flowgate keys upload");
                return OK;
            } catch (FileAlreadyExistsException e) {
                err.println("flowgate: keys generate: " + e.getFile() + " exists; it is never overwritten (move it"
                        + " away first, or choose another --out)");
                return FAILED;
            } catch (IllegalArgumentException e) {
                err.println("flowgate: keys generate: " + e.getMessage());
                return FAILED;
            } catch (IOException e) {
                err.println("flowgate: keys generate: cannot write into " + out.toAbsolutePath() + " ("
                        + e.getClass().getSimpleName() + ")");
                return FAILED;
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
                stdout.flush();
                err.flush();
            }
        }

        /** The configured passphrase, or one typed twice at the terminal. */
        private static char[] passphrase(FlowgateSettings settings) {
            if (!settings.keys().passphrase().isEmpty()) {
                return settings.keys().passphrase().toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("a passphrase is needed: set " + Setting.PASSPHRASE.key() + " ("
                        + Setting.PASSPHRASE.environmentVariable() + ") or " + Setting.PASSPHRASE_FILE.key()
                        + ", or run it in a terminal to type one");
            }
            char[] first = console.readPassword("passphrase for the private key: ");
            char[] second = console.readPassword("the same again: ");
            try {
                if (first == null || second == null || first.length == 0 || !Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two passphrases are empty or differ; nothing was written");
                }
                return first.clone();
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
    }

    /** Phone numbers from the command line, else from flowgate.meta.phone-number-id. */
    static final class PhoneNumbers {
        @Option(names = "--phone-number-id", paramLabel = "ID", split = ",",
                description = "A business phone number id (repeatable; default: flowgate.meta.phone-number-id).")
        List<String> ids;

        List<String> resolve(FlowgateSettings settings) {
            List<String> chosen = ids == null || ids.isEmpty() ? settings.meta().phoneNumberIds() : ids;
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("no phone number: pass --phone-number-id ID or set "
                        + Setting.META_PHONE_NUMBER_ID.key() + " (" + Setting.META_PHONE_NUMBER_ID.environmentVariable() + ")");
            }
            return chosen;
        }
    }

    @Command(name = "upload", description = "Upload the configured key's public half to Meta for each phone number"
            + " (POST /{phone-number-id}/whatsapp_business_encryption).")
    static final class Upload implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config;

        @CommandLine.Mixin
        PhoneNumbers numbers;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                FlowgateSettings settings = config.read();
                var keys = MetaConnection.require(settings).keys();
                String pem = MetaConnection.ourPublicKeyPem(settings);
                for (String id : numbers.resolve(settings)) {
                    keys.upload(id, pem);
                    out.println("phone number " + id + ": public key " + new io.flowgate.crypto.PemKeyFingerprints()
                            .fingerprint(pem) + " uploaded; Meta signs it now (check: ./flowgate keys check)");
                }
                return OK;
            } catch (GraphCallException e) {
                err.println("flowgate: keys upload: " + e.getMessage());
                return FAILED;
            } catch (IllegalArgumentException | PrivateKeyLoadException | IOException e) {
                err.println("flowgate: keys upload: " + e.getMessage());
                return FAILED;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(name = "check", description = "Compare the key Meta serves for each phone number with the configured one"
            + " and read its signature status. Exit status 0 only when every number has this key, signed VALID;"
            + " 1 when one does not (each is a cause of 421 loops); 2 when the check could not run.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config;

        @CommandLine.Mixin
        PhoneNumbers numbers;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                FlowgateSettings settings = config.read();
                var keys = MetaConnection.require(settings).keys();
                String pem = MetaConnection.ourPublicKeyPem(settings);
                int status = OK;
                for (String id : numbers.resolve(settings)) {
                    ManageBusinessKeys.KeyCheck check = keys.check(id, pem);
                    out.println("phone number " + id + ":");
                    out.println("  this server's key: " + check.ourFingerprint());
                    out.println("  Meta's key:        " + check.metaFingerprint().orElse("(none)"));
                    out.println("  signature status:  " + (check.signatureStatus().isEmpty() ? "(none)" : check.signatureStatus()));
                    out.println("  " + (check.ok() ? "OK: " : "PROBLEM: ") + check.explanation());
                    if (!check.ok()) {
                        status = PROBLEM;
                    }
                }
                return status;
            } catch (GraphCallException e) {
                err.println("flowgate: keys check: " + e.getMessage());
                return FAILED;
            } catch (IllegalArgumentException | PrivateKeyLoadException | IOException e) {
                err.println("flowgate: keys check: " + e.getMessage());
                return FAILED;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
