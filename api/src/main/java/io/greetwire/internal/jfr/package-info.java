/**
 * The JDK Flight Recorder events of Greetwire's servers, all named {@code io.greetwire.*} in the
 * category "Greetwire". Committed only while a recording enables them: without one, a server pays
 * one flag read per connection and allocates nothing for them.
 */
package io.greetwire.internal.jfr;
