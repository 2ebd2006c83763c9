package io.flowgate.playground;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCdnTest {

    private final LocalCdn cdn = new LocalCdn("127.0.0.1", 3, 100);

    @Test
    void aStoredFileIsServedAtTheUrlItWasGiven() {
        URI url = cdn.put(new byte[]{1, 2, 3}, 9090);

        assertThat(url.toString()).matches("http://127\\.0\\.0\\.1:9090/playground/cdn/[0-9a-f]{32}");
        assertThat(cdn.serves(url)).isTrue();
        assertThat(cdn.get(url.getPath().substring(LocalCdn.PATH.length()))).hasValueSatisfying(
                bytes -> assertThat(bytes).containsExactly(1, 2, 3));
    }

    @Test
    void onlyTheExactUrlsItHandedOutAreItsOwn() {
        URI url = cdn.put(new byte[]{1}, 9090);
        String id = url.getPath().substring(LocalCdn.PATH.length());

        assertThat(cdn.serves(URI.create("http://127.0.0.1:9091/playground/cdn/" + id))).as("another port").isFalse();
        assertThat(cdn.serves(URI.create("http://localhost:9090/playground/cdn/" + id))).as("another host").isFalse();
        assertThat(cdn.serves(URI.create("https://127.0.0.1:9090/playground/cdn/" + id))).as("another scheme").isFalse();
        assertThat(cdn.serves(URI.create("http://127.0.0.1:9090/playground/cdn/" + id + "?x=1"))).as("a query").isFalse();
        assertThat(cdn.serves(URI.create("http://127.0.0.1:9090/api/completions"))).as("another route").isFalse();
        assertThat(cdn.serves(URI.create("http://127.0.0.1:9090/playground/cdn/" + "0".repeat(32)))).isFalse();
    }

    @Test
    void aForgottenFileIsNoLongerServed() {
        URI url = cdn.put(new byte[]{1}, 9090);
        String id = url.getPath().substring(LocalCdn.PATH.length());

        assertThat(cdn.remove(id)).isTrue();
        assertThat(cdn.serves(url)).isFalse();
        assertThat(cdn.get(id)).isEmpty();
        assertThat(cdn.remove(id)).isFalse();
    }

    @Test
    void theOldestFilesGoWhenTheCountOrTheBytesRunOut() {
        URI first = cdn.put(new byte[10], 1);
        URI second = cdn.put(new byte[10], 1);
        cdn.put(new byte[10], 1);
        URI fourth = cdn.put(new byte[10], 1);

        assertThat(cdn.serves(first)).as("three files at most").isFalse();
        assertThat(cdn.serves(second)).isTrue();

        URI big = cdn.put(new byte[95], 1);
        assertThat(cdn.serves(fourth)).as("100 bytes at most").isFalse();
        assertThat(cdn.serves(big)).isTrue();
        assertThatThrownBy(() -> cdn.put(new byte[101], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 bytes");
    }

    @Test
    void anIpv6HostIsBracketedInTheUrlAndBareInItsAllowlist() {
        var v6 = new LocalCdn("::1", 3, 100);

        assertThat(v6.put(new byte[]{1}, 9090).toString()).startsWith("http://[::1]:9090/playground/cdn/");
        assertThat(v6.host()).isEqualTo("::1");
    }
}
