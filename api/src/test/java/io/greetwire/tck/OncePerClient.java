package io.greetwire.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the client alone (its server is a raw socket or nobody): it runs on the client's home
 * pair only. Tagged {@code per-client}, so a cross-transport run can leave it out.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Tag("per-client")
@ExtendWith(HomePairCondition.class)
public @interface OncePerClient {
}
