package io.flowgate.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerWatchTest {

    private static final FlowgateWebServer.Address PUBLIC = new FlowgateWebServer.Address("127.0.0.1", 8080);
    private static final FlowgateWebServer.Address MANAGEMENT = new FlowgateWebServer.Address("127.0.0.1", 9090);

    private final Set<FlowgateWebServer.Address> alive = new HashSet<>(Set.of(PUBLIC, MANAGEMENT));
    private final List<String> died = new ArrayList<>();
    private final ListenerWatch watch = new ListenerWatch(listeners(), alive::contains, died::add);

    @Test
    void nothingIsReportedWhileBothListen() {
        watch.check();
        watch.check();
        assertThat(died).isEmpty();
    }

    @Test
    void aListenerThatStopsIsReportedByNameOnce() {
        watch.check();
        alive.remove(MANAGEMENT);
        watch.check();
        watch.check();
        assertThat(died).containsExactly("management");
    }

    @Test
    void listenersStoppedAfterTheWatchWasClosedAreNotReported() {
        watch.close();
        alive.clear();
        watch.check();
        assertThat(died).isEmpty();
    }

    @Test
    void anAddressIsListenedOnUntilItsServerSocketCloses() throws Exception {
        FlowgateWebServer.Address address;
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            address = new FlowgateWebServer.Address("127.0.0.1", socket.getLocalPort());
            assertThat(ListenerWatch.listening(address)).isTrue();
        }
        assertThat(ListenerWatch.listening(address)).isFalse();
    }

    private static Map<String, FlowgateWebServer.Address> listeners() {
        var listeners = new LinkedHashMap<String, FlowgateWebServer.Address>();
        listeners.put("public", PUBLIC);
        listeners.put("management", MANAGEMENT);
        return listeners;
    }
}
