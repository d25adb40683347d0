package io.lrp4j.engine.registry;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.Parameterized;
import io.lrp4j.api.Rule;
import io.lrp4j.api.RuleSpec;
import io.lrp4j.api.SpecException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every rule and composite found on a classpath, by name and alias. Immutable and thread-safe once built; build it
 * once and share it, since scanning takes a moment.
 */
public final class RuleRegistry {
    private final List<RegisteredRule> rules;
    private final List<RegisteredComposite> composites;
    private final List<String> scannedPackages;
    private final NameIndex<RegisteredRule> ruleNames = new NameIndex<>("rule");
    private final NameIndex<RegisteredComposite> compositeNames = new NameIndex<>("composite");

    private RuleRegistry(List<RegisteredRule> rules, List<RegisteredComposite> composites, List<String> packages) {
        this.scannedPackages = List.copyOf(packages);
        this.rules = List.copyOf(rules);
        this.composites = List.copyOf(composites);
        for (RegisteredRule r : this.rules) {
            ruleNames.put(r.name(), r, r.type());
            r.aliases().forEach(a -> ruleNames.put(a, r, r.type()));
        }
        for (RegisteredComposite c : this.composites) {
            compositeNames.put(c.name(), c, c.type());
            c.aliases().forEach(a -> compositeNames.put(a, c, c.type()));
        }
    }

    /** Scans the context class loader of the current thread. */
    public static RuleRegistry scan() {
        return scan(Thread.currentThread().getContextClassLoader());
    }

    /**
     * Scans the jars and folders of {@code loader} that carry the marker resource.
     *
     * @throws io.lrp4j.engine.ExplainException naming the class when a rule or composite is malformed or two claim
     *     one name
     */
    public static RuleRegistry scan(ClassLoader loader) {
        ClasspathScanner.Findings found = ClasspathScanner.scan(loader);
        List<RegisteredRule> rules = new ArrayList<>();
        for (ClasspathScanner.Found f : found.rules()) {
            Rule rule = f.type().getAnnotation(Rule.class);
            ClassChecks.checkName("rule", rule.name(), f.type());
            for (String alias : rule.aliases()) {
                ClassChecks.checkName("rule", alias, f.type());
            }
            Parameterized instance = ClassChecks.instantiate(f.type(), Parameterized.class, "rule");
            if (!(instance instanceof LinearRule) && !(instance instanceof ActivationRule)) {
                throw new io.lrp4j.engine.ExplainException("rule " + f.type().getName()
                        + " must implement LinearRule or ActivationRule");
            }
            rules.add(RegisteredRule.of(f.type(), instance, f.source()));
        }
        List<RegisteredComposite> composites = new ArrayList<>();
        for (ClasspathScanner.Found f : found.composites()) {
            Composite c = f.type().getAnnotation(Composite.class);
            ClassChecks.checkName("composite", c.name(), f.type());
            for (String alias : c.aliases()) {
                ClassChecks.checkName("composite", alias, f.type());
            }
            composites.add(RegisteredComposite.of(f.type(),
                    ClassChecks.instantiate(f.type(), CompositeDefinition.class, "composite"), f.source()));
        }
        rules.sort(Comparator.comparing(RegisteredRule::name, String.CASE_INSENSITIVE_ORDER));
        composites.sort(Comparator.comparing(RegisteredComposite::name, String.CASE_INSENSITIVE_ORDER));
        return new RuleRegistry(rules, composites, found.packages());
    }

    /** The packages the scan covered, as the marker resources listed them. */
    public List<String> scannedPackages() {
        return scannedPackages;
    }

    /** All rules, sorted by name. */
    public List<RegisteredRule> rules() {
        return rules;
    }

    /** All composites, sorted by name. */
    public List<RegisteredComposite> composites() {
        return composites;
    }

    /**
     * Resolves a rule spec: the name, then the parameters.
     *
     * @throws SpecException for an unknown name (with the nearest names) or bad parameters (with the list of them)
     */
    public BoundRule rule(RuleSpec spec) {
        RegisteredRule rule = ruleNames.get(spec.name());
        if (rule == null) {
            String hint = compositeNames.get(spec.name()) != null
                    ? "; '" + spec.name() + "' is a composite: use --composite " + spec.name()
                    : suggestion(ruleNames.nearest(spec.name()), "./lrp rules");
            throw new SpecException("unknown rule '" + spec.name() + "'" + hint);
        }
        return new BoundRule(rule, bind("rule '" + rule.name() + "'", rule.instance(), spec));
    }

    /**
     * Resolves a composite spec.
     *
     * @throws SpecException for an unknown name (with the nearest names) or bad parameters (with the list of them)
     */
    public BoundComposite composite(RuleSpec spec) {
        RegisteredComposite composite = compositeNames.get(spec.name());
        if (composite == null) {
            String hint = ruleNames.get(spec.name()) != null
                    ? "; '" + spec.name() + "' is a rule: use --rule " + spec
                    : suggestion(compositeNames.nearest(spec.name()), "./lrp composites");
            throw new SpecException("unknown composite '" + spec.name() + "'" + hint);
        }
        return new BoundComposite(composite,
                bind("composite '" + composite.name() + "'", composite.definition(), spec));
    }

    private static Arguments bind(String owner, Parameterized target, RuleSpec spec) {
        Arguments args = Arguments.bind(owner, target.parameters(), spec.raw());
        target.validate(args);
        return args;
    }

    private static String suggestion(List<String> nearest, String listing) {
        if (nearest.isEmpty()) {
            return "; " + listing + " lists them all";
        }
        return "; did you mean " + String.join(" or ", nearest) + "? (" + listing + " lists them all)";
    }
}
