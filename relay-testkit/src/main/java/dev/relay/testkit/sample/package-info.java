/**
 * One realistic, deterministic data set full of valid-looking personal data, for PostgreSQL and
 * MongoDB. Start here: {@link dev.relay.testkit.sample.SampleData}; the values themselves come
 * from {@link dev.relay.testkit.sample.FakePii}.
 */
@NullMarked
package dev.relay.testkit.sample;

import org.jspecify.annotations.NullMarked;
