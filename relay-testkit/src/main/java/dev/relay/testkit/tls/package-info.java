/**
 * Throw-away certificates for TLS and mutual-TLS tests: {@link dev.relay.testkit.tls.TestCertificates}.
 */
@NullMarked
package dev.relay.testkit.tls;

import org.jspecify.annotations.NullMarked;
