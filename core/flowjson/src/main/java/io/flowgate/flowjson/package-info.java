/**
 * Flow JSON, compiled once, and the endpoint's answers checked against it as the WhatsApp client will.
 *
 * <pre>{@code
 * Compilation compilation = FlowJsonCompiler.compile(flowJson);      // Map<String, Object> from the JsonCodec port
 * CompiledFlow flow = compilation.orElseThrow();                      // every error, with its JSON pointer and fix
 * compilation.warnings().forEach(log::warn);                          // lint: log once at load
 * ResponseChecker checker = new ResponseChecker(flow);                // keep one per flow; thread-safe
 * Verdict verdict = checker.check(RequestContext.dataExchange(screen, token), answer);
 * if (verdict.hasErrors()) { ... }                                    // the client would reject the answer
 * }</pre>
 *
 * <p>JDK only, with no dependency (not even the plugin API): values arrive as {@code String}, {@code Boolean},
 * numbers, {@code List} and {@code Map}. Findings name screens, keys, types and paths, never values.
 */
package io.flowgate.flowjson;
