package io.lrp4j.engine.registry;

import io.lrp4j.engine.ExplainException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.regex.Pattern;

/** The checks every discovered rule or composite class must pass; each failure names the class. */
final class ClassChecks {
    /** Letters, digits and {@code +}, in groups joined by single hyphens: {@code z+}, {@code zB}, {@code lrp-0}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9+]+(-[A-Za-z0-9+]+)*");

    private ClassChecks() {
    }

    static void checkName(String what, String name, Class<?> type) {
        if (!NAME.matcher(name).matches()) {
            throw new ExplainException(what + " name '" + name + "' of " + type.getName()
                    + " is not valid: use letters, digits and '+', in groups joined by single hyphens");
        }
    }

    /** Checks the class's shape and makes its one shared instance. */
    static <T> T instantiate(Class<?> type, Class<T> spi, String what) {
        String name = type.getName();
        int mod = type.getModifiers();
        if (!Modifier.isPublic(mod) || !Modifier.isFinal(mod) || Modifier.isAbstract(mod)) {
            throw new ExplainException(what + " " + name + " must be a public final class");
        }
        if (!spi.isAssignableFrom(type)) {
            throw new ExplainException(what + " " + name + " must implement " + spi.getSimpleName());
        }
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                throw new ExplainException(what + " " + name + " must be stateless, but has the instance field '"
                        + f.getName() + "'");
            }
        }
        try {
            Constructor<?> c = type.getConstructor();
            return spi.cast(c.newInstance());
        } catch (NoSuchMethodException e) {
            throw new ExplainException(what + " " + name + " needs a public constructor without parameters", e);
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
            throw new ExplainException(what + " " + name + " could not be created: " + e, e);
        }
    }
}
