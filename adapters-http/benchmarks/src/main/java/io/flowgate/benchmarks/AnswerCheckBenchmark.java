package io.flowgate.benchmarks;

import io.flowgate.examples.appointment.AppointmentFlow;
import io.flowgate.flowjson.FlowJsonCompiler;
import io.flowgate.flowjson.RequestContext;
import io.flowgate.flowjson.ResponseChecker;
import io.flowgate.flowjson.Verdict;
import io.flowgate.json.JacksonJsonCodec;
import io.flowgate.spi.FlowAction;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of checking one answer against its Flow JSON: the appointment flow's first screen (four option
 * lists, 719 bytes of JSON), exactly as the server checks it before encrypting it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnswerCheckBenchmark {

    private ResponseChecker checker;
    private Map<String, Object> initAnswer;
    private RequestContext init;

    @Setup
    public void setUp() throws Exception {
        byte[] flowJson;
        try (InputStream in = AppointmentFlow.class.getClassLoader().getResourceAsStream("flow.json")) {
            flowJson = in.readAllBytes();
        }
        var json = new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES);
        checker = new ResponseChecker(FlowJsonCompiler.compile(json.readObject(flowJson)).orElseThrow());
        var response = (FlowResponse.NextScreen) new AppointmentFlow().handle(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t"));
        // The answer as the host sends it, after a JSON round trip, as the checker sees it in the server.
        var answer = new LinkedHashMap<String, Object>();
        answer.put("screen", response.screen());
        answer.put("data", response.data());
        initAnswer = json.readObject(json.writeObject(answer));
        init = RequestContext.init("t");
        if (!checker.check(init, initAnswer).isClean()) {
            throw new IllegalStateException("the benchmark's answer is not clean: " + checker.check(init, initAnswer));
        }
        System.out.println("answer size: " + json.writeObject(initAnswer).length + " bytes of JSON");
    }

    @Benchmark
    public Verdict checkInitAnswer() {
        return checker.check(init, initAnswer);
    }
}
