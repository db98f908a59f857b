/**
 * The demo ({@code java -jar relay-testkit/target/relay-demo.jar}): embedded PostgreSQL and
 * MongoDB loaded with {@link dev.relay.testkit.sample.SampleData}, the local control plane and a
 * relay, and a scripted session printed as tables. Start here: {@link dev.relay.testkit.demo.Demo}.
 */
@NullMarked
package dev.relay.testkit.demo;

import org.jspecify.annotations.NullMarked;
