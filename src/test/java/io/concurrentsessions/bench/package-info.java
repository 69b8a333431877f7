/**
 * JMH benchmarks, opt-in: {@code mvn -Pbench test-compile exec:exec -Dbench.args="Name -f 1 -wi 2 -i 3"}.
 * They never run in {@code mvn test}.
 */
package io.concurrentsessions.bench;
