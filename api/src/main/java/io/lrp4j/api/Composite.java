package io.lrp4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a named composite: an ordered list of layer selectors and the rule each selected layer gets. The
 * annotated class implements {@link CompositeDefinition} and obeys the same class requirements as a {@link Rule}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Composite {
    /** The unique composite name, in the same form as a rule name. */
    String name();

    /** Other names that select the same composite. */
    String[] aliases() default {};

    /** One line that says what the composite does. */
    String summary();

    /** Where the backward pass starts: at the target's score (LRP) or at a unit gradient. */
    Seed seed() default Seed.SCORE;

    /** The paper or software the composite follows. */
    String reference() default "";
}
