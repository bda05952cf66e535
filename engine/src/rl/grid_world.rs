//! A grid world: an agent walks a small maze of walls towards a goal (+1) past a pit (−1),
//! paying a little for every step. Moves are deterministic; walking into a wall or the edge
//! leaves the agent where it is.

/// The four moves, in the order a Q-table stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Right,
    Down,
    Left,
}

impl Move {
    pub const ALL: [Move; 4] = [Move::Up, Move::Right, Move::Down, Move::Left];

    pub fn index(self) -> usize {
        self as usize
    }

    /// `(columns, rows)` moved.
    fn offset(self) -> (i64, i64) {
        match self {
            Move::Up => (0, -1),
            Move::Right => (1, 0),
            Move::Down => (0, 1),
            Move::Left => (-1, 0),
        }
    }
}

/// What one step brought.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub next: usize,
    pub reward: f64,
    /// The episode is over (the goal or the pit was reached).
    pub done: bool,
}

/// A maze of `width × height` cells, numbered row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct GridWorld {
    pub width: usize,
    pub height: usize,
    pub walls: Vec<usize>,
    pub start: usize,
    pub goal: usize,
    pub pit: usize,
    pub step_cost: f64,
}

impl GridWorld {
    /// The course's 6 × 5 maze: start bottom left, goal top right, a wall down the middle and
    /// a pit one step below the goal's row.
    pub fn course() -> Self {
        let cell = |column: usize, row: usize| row * 6 + column;
        Self {
            width: 6,
            height: 5,
            walls: vec![cell(2, 1), cell(2, 2), cell(2, 3), cell(4, 3)],
            start: cell(0, 4),
            goal: cell(5, 0),
            pit: cell(4, 1),
            step_cost: 0.01,
        }
    }

    pub fn cells(&self) -> usize {
        self.width * self.height
    }

    /// `(column, row)` of a cell.
    pub fn position(&self, cell: usize) -> (usize, usize) {
        (cell % self.width, cell / self.width)
    }

    pub fn is_wall(&self, cell: usize) -> bool {
        self.walls.contains(&cell)
    }

    pub fn is_terminal(&self, cell: usize) -> bool {
        cell == self.goal || cell == self.pit
    }

    pub fn step(&self, from: usize, chosen: Move) -> Outcome {
        let (column, row) = self.position(from);
        let (dx, dy) = chosen.offset();
        let (column, row) = (column as i64 + dx, row as i64 + dy);
        let inside =
            (0..self.width as i64).contains(&column) && (0..self.height as i64).contains(&row);
        let target = (row * self.width as i64 + column) as usize;
        let next = if inside && !self.is_wall(target) {
            target
        } else {
            from
        };
        let reward = if next == self.goal {
            1.0
        } else if next == self.pit {
            -1.0
        } else {
            -self.step_cost
        };
        Outcome {
            next,
            reward,
            done: self.is_terminal(next),
        }
    }

    /// The fewest steps from `start` to the goal without entering the pit (breadth-first).
    pub fn shortest_path_steps(&self) -> Option<usize> {
        let mut distance = vec![None; self.cells()];
        distance[self.start] = Some(0);
        let mut frontier = vec![self.start];
        while !frontier.is_empty() {
            let mut next_frontier = Vec::new();
            for &cell in &frontier {
                let steps = distance[cell].unwrap_or(0);
                for chosen in Move::ALL {
                    let outcome = self.step(cell, chosen);
                    if outcome.next != self.pit && distance[outcome.next].is_none() {
                        distance[outcome.next] = Some(steps + 1);
                        next_frontier.push(outcome.next);
                    }
                }
            }
            frontier = next_frontier;
        }
        distance[self.goal]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walls_and_edges_stop_the_agent_and_the_ends_pay() {
        let world = GridWorld::course();
        assert_eq!(world.step(world.start, Move::Left).next, world.start);
        assert_eq!(world.step(world.start, Move::Down).next, world.start);
        // From column 1, row 3, the wall at column 2 blocks the way right.
        assert_eq!(world.step(19, Move::Right).next, 19);
        let to_goal = world.step(11, Move::Up);
        assert_eq!(
            (to_goal.next, to_goal.reward, to_goal.done),
            (world.goal, 1.0, true)
        );
        let into_pit = world.step(world.pit + 1, Move::Left);
        assert_eq!((into_pit.reward, into_pit.done), (-1.0, true));
        assert_eq!(world.step(world.start, Move::Up).reward, -0.01);
        assert_eq!(world.shortest_path_steps(), Some(9));
    }
}
