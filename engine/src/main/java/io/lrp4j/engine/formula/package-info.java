/**
 * The engine's side of rules stated as a {@link io.lrp4j.api.Formula}: the plan that turns a formula into as few
 * products, arrays and passes as the layer allows. Rule authors never see this package.
 */
package io.lrp4j.engine.formula;
