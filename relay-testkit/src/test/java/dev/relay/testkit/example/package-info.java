/** Tests of the example third-party connector and of connector discovery by ServiceLoader. */
@NullMarked
package dev.relay.testkit.example;

import org.jspecify.annotations.NullMarked;
