package io.flowgate.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentKeyStoreTest {

    @Test
    void createsTheKeyOnceAndKeepsIt(@TempDir Path dataDir) throws Exception {
        var first = DevelopmentKeyStore.loadOrCreate(dataDir);
        var second = DevelopmentKeyStore.loadOrCreate(dataDir);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.privateKey().getModulus()).isEqualTo(first.privateKey().getModulus());
        assertThat(first.privateKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.readString(first.publicKeyFile())).isEqualTo(PublicKeys.toPem(PublicKeys.of(first.privateKey())));
    }

    @Test
    void onlyTheOwnerMayReadThePrivateKey(@TempDir Path dataDir) throws Exception {
        var key = DevelopmentKeyStore.loadOrCreate(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.privateKeyFile())))
                .isEqualTo("rw-------");
    }
}
