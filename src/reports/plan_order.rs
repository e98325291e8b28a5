//! Reports over several plans keep each plan's rows together, plans in the
//! order they come (plan order): the two steps every such report takes.

/// The distinct plan names in the order they first come.
pub fn plans_in_order<'a>(plans: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut in_order: Vec<&str> = Vec::new();
    for plan in plans {
        if !in_order.contains(&plan) {
            in_order.push(plan);
        }
    }
    in_order
}

/// Sorts rows so each plan's rows come together, plans in the order `plans`
/// gives (a plan not there last), keeping the order of rows within a plan.
pub fn group_by_plan<T, S: AsRef<str>>(rows: &mut [T], plans: &[S], plan_of: impl Fn(&T) -> &str) {
    rows.sort_by_key(|row| {
        let plan = plan_of(row);
        plans
            .iter()
            .position(|p| p.as_ref() == plan)
            .unwrap_or(plans.len())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_keep_the_order_they_first_come_and_rows_their_order_within() {
        let mut rows = [("B", 1), ("A", 2), ("B", 3), ("C", 4), ("A", 5)];
        let plans = plans_in_order(rows.iter().map(|(plan, _)| *plan));
        assert_eq!(plans, ["B", "A", "C"]);
        group_by_plan(&mut rows, &["A", "B"], |(plan, _)| plan);
        assert_eq!(rows, [("A", 2), ("A", 5), ("B", 1), ("B", 3), ("C", 4)]);
    }
}
