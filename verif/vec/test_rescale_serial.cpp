// SPDX-License-Identifier: Apache-2.0
// npu_rescale_serial, the vector unit's one-value-at-a-time requantize and add: rows of
// both rules mixed under random traffic against the C++ reference (values fed a lane at a
// time with gaps, results taken with stalls, the rule switched between rows, the
// parameters and the tables they keep per batch, corner values), the cycles each value
// takes (36 + its step's shift), a finished byte held unchanged while the next lane waits,
// and all-zero tables until the first write. Three shapes: the iCEBreaker's (4 and 4
// lanes), rect's (4 and 8) and an odd one with more requantize lanes than add lanes (5 and
// 3).
#include <catch2/catch.hpp>

#include <deque>
#include <limits>
#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "ref/quant.hpp"
#include "seed.hpp"

using namespace npu::verif;
using namespace npu::ref;

namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

// One row of either rule, and what it must give.
struct Row {
  bool add = false;
  std::vector<int32_t> acc;  // requantize
  std::vector<int8_t> a, b;  // add
};

// The parameters of both rules for a batch; the output zero point and bounds are shared
// (the vector unit takes both from cfg.output).
struct Params {
  std::vector<RequantParams> rq;
  AddParams add;
};

// The requantize tables are written a lane a cycle (bias, multiplier, shift) through the
// value port, with no row in; the add's three multipliers one a cycle through their own
// port; the rest are plain inputs.
// One of the add's multipliers (0: a, 1: b, 2: the output's), written in a cycle.
template <class M>
void write_multiplier(Harness<M>& h, unsigned sel, int32_t value) {
  h->mult_we_i = 1;
  h->mult_sel_i = sel;
  h->mult_i = static_cast<uint32_t>(value);
  h.tick();
  h->mult_we_i = 0;
  h->mult_i = 0xdeadbeefu;  // not written: junk on the port must not matter
}

template <class M>
void drive(Harness<M>& h, const Params& p) {
  for (unsigned sel = 0; sel < 3; ++sel) {
    for (std::size_t l = 0; l < p.rq.size(); ++l) {
      const RequantParams& q = p.rq[l];
      h->table_we_i = 1;
      h->table_sel_i = sel;
      h->table_lane_i = static_cast<unsigned>(l);
      h->in_value_i = static_cast<uint32_t>(sel == 0 ? q.bias : sel == 1 ? q.multiplier : q.shift);
      h.tick();
    }
  }
  h->table_we_i = 0;
  h->in_value_i = 0xdead0000u;
  write_multiplier(h, 0, p.add.a_multiplier);
  write_multiplier(h, 1, p.add.b_multiplier);
  write_multiplier(h, 2, p.add.out_multiplier);
  h->a_zero_point_i = static_cast<uint8_t>(p.add.a_zero_point);
  h->b_zero_point_i = static_cast<uint8_t>(p.add.b_zero_point);
  h->a_shift_i = p.add.a_shift;
  h->b_shift_i = p.add.b_shift;
  h->out_shift_i = p.add.out_shift;
  h->zero_point_i = static_cast<uint8_t>(p.add.out_zero_point);
  h->act_min_i = static_cast<uint8_t>(p.add.act_min);
  h->act_max_i = static_cast<uint8_t>(p.add.act_max);
}

// A row's values in the order the unit takes them: requantize, each lane's accumulator;
// add, each lane's byte of a and then of b (the upper bits junk, which must not matter).
std::vector<uint32_t> values(const Row& r) {
  std::vector<uint32_t> v;
  if (r.add) {
    for (std::size_t l = 0; l < r.a.size(); ++l) {
      v.push_back(0xa5a5a500u | static_cast<uint8_t>(r.a[l]));
      v.push_back(0x5a5a5a00u | static_cast<uint8_t>(r.b[l]));
    }
  } else {
    for (int32_t acc : r.acc) v.push_back(static_cast<uint32_t>(acc));
  }
  return v;
}

std::vector<int8_t> expected(const Row& r, const Params& p) {
  std::vector<int8_t> out;
  if (r.add) {
    for (std::size_t l = 0; l < r.a.size(); ++l) out.push_back(eltwise_add(r.a[l], r.b[l], p.add));
  } else {
    for (std::size_t l = 0; l < r.acc.size(); ++l) out.push_back(requantize(r.acc[l], p.rq[l]));
  }
  return out;
}

// The shift of each step a row's values and its results go through, in order: requantize,
// one step a lane (its table's shift); add, three a lane (a's, b's and the output's).
std::vector<unsigned> step_shifts(const Row& r, const Params& p) {
  std::vector<unsigned> e;
  if (r.add) {
    for (std::size_t l = 0; l < r.a.size(); ++l) {
      e.push_back(p.add.a_shift);
      e.push_back(p.add.b_shift);
      e.push_back(p.add.out_shift);
    }
  } else {
    for (const RequantParams& q : p.rq) e.push_back(q.shift);
  }
  return e;
}

// Feeds rows' values with random gaps and takes results with random stalls; returns the
// result bytes in order. add_i changes only between rows of different rules once the
// earlier rows' results are all out, and a value comes a cycle after it changes or a
// table word is written at the earliest (as the vector unit's instructions do).
template <class M>
std::vector<int8_t> run_rows(Harness<M>& h, const std::vector<Row>& rows, std::mt19937_64& rng,
                             double p_valid, double p_ready) {
  struct In {
    std::size_t row;
    uint32_t value;
  };
  std::deque<In> in;
  std::vector<std::size_t> results_before;  // of the rows before each row
  std::size_t want = 0;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    for (uint32_t v : values(rows[k])) in.push_back({k, v});
    results_before.push_back(want);
    want += rows[k].add ? rows[k].a.size() : rows[k].acc.size();
  }
  std::vector<int8_t> out;
  bool presenting = false;
  bool add = h->add_i;
  h->in_valid_i = 0;
  h.tick();
  for (int guard = 0; guard < 400000 && out.size() < want; ++guard) {
    if (!presenting && !in.empty()) {
      const Row& next = rows[in.front().row];
      if (next.add == add)
        presenting = std::bernoulli_distribution(p_valid)(rng);
      else if (out.size() == results_before[in.front().row])
        add = next.add;  // values of the new rule from the next cycle
    }
    h->add_i = add;
    h->in_valid_i = presenting;
    h->in_value_i = presenting ? in.front().value : 0xdeadbeefu;
    h->out_ready_i = std::bernoulli_distribution(p_ready)(rng);
    h.eval();
    if (h->out_valid_o && h->out_ready_i) out.push_back(static_cast<int8_t>(h->out_data_o));
    if (presenting && h->in_ready_o) {
      in.pop_front();
      presenting = false;
    }
    h.tick();
  }
  h->in_valid_i = 0;
  h->out_ready_i = 0;
  REQUIRE(in.empty());
  REQUIRE(out.size() == want);
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("serial rescaler matches the reference for both rules under random traffic",
                   "[vec][rescale][random]", NPU_RESCALE_MODELS) {
  constexpr unsigned RQ = RescaleShape<TestType>::rq_lanes;
  constexpr unsigned AL = RescaleShape<TestType>::add_lanes;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("rescale_serial");
  h.reset();
  auto i8 = [&]() { return static_cast<int8_t>(std::uniform_int_distribution<int>(-128, 127)(rng)); };
  auto i32 = [&]() {
    static const int32_t corners[] = {kMin, kMax, 0, 1, -1, 1 << 30, -(1 << 30), 3, -3, -5};
    if (std::bernoulli_distribution(0.5)(rng))
      return corners[std::uniform_int_distribution<int>(0, 9)(rng)];
    return std::uniform_int_distribution<int32_t>(kMin, kMax)(rng);
  };
  auto q31 = [&]() { return std::uniform_int_distribution<int32_t>(1 << 30, kMax)(rng); };
  auto shift = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  unsigned checked = 0, added = 0;
  for (int batch = 0; batch < 12; ++batch) {
    Params p;
    int lo = i8(), hi = i8();
    if (lo > hi) std::swap(lo, hi);
    if (batch % 3 == 0) { lo = -128; hi = 127; }
    p.add = {i8(), i8(), i8(), q31(), q31(), q31(), shift(0, 4), shift(0, 4), shift(10, 31), lo, hi};
    if (batch % 4 == 0) p.add.out_shift = 31;
    for (unsigned l = 0; l < RQ; ++l) {
      p.rq.push_back({i32(), i32(), shift(0, 31), p.add.out_zero_point, lo, hi});
      if (l % 3 == 0) p.rq.back().shift = (batch % 2) ? 31 : 0;
    }
    drive(h, p);

    std::vector<Row> rows;
    for (int n = 0; n < 24; ++n) {
      Row r;
      r.add = std::bernoulli_distribution(0.5)(rng);
      if (r.add) {
        for (unsigned l = 0; l < AL; ++l) {
          r.a.push_back(n % 7 == 0 ? int8_t{-128} : i8());
          r.b.push_back(n % 5 == 0 ? int8_t{127} : i8());
        }
      } else {
        for (unsigned l = 0; l < RQ; ++l) r.acc.push_back(i32());
      }
      rows.push_back(r);
    }
    const std::vector<int8_t> got = run_rows(h, rows, rng, 0.6, 0.5);
    std::size_t at = 0;
    for (const Row& r : rows) {
      const std::vector<int8_t> want = expected(r, p);
      for (std::size_t l = 0; l < want.size(); ++l, ++at) {
        INFO((r.add ? "add" : "requantize") << " lane " << l);
        REQUIRE(got[at] == want[l]);
      }
      added += r.add;
      ++checked;
    }
  }
  CHECK(checked == 12 * 24);
  CHECK(added > 0);
  CHECK(added < checked);
}

TEMPLATE_TEST_CASE("serial rescaler takes 36 + shift cycles a step, one value at a time",
                   "[vec][rescale][latency]", NPU_RESCALE_MODELS) {
  // Values fed back to back (each the cycle after the last one's release) with results
  // always taken: every step ends exactly 36 + its shift cycles after the one before (the
  // first, 35 + its shift after its value comes), a value is released the cycle its step
  // ends, and a lane's byte shows the cycle after its last step.
  constexpr unsigned RQ = RescaleShape<TestType>::rq_lanes;
  constexpr unsigned AL = RescaleShape<TestType>::add_lanes;
  Harness<TestType> h("rescale_serial_rate");
  h.reset();
  Params p;
  p.add.a_multiplier = p.add.b_multiplier = p.add.out_multiplier = 1 << 30;
  p.add.a_shift = 1;
  p.add.b_shift = 0;
  p.add.out_shift = 17;
  for (unsigned l = 0; l < RQ; ++l) p.rq.push_back({0, 1 << 30, static_cast<int>(3 * l), 0});
  drive(h, p);
  for (bool add : {false, true}) {
    INFO((add ? "add" : "requantize") << " rows");
    std::vector<uint32_t> in;
    std::vector<unsigned> shifts;
    std::vector<bool> takes_value, last_step;
    std::vector<int8_t> bytes;
    for (int n = 0; n < 2; ++n) {
      Row r;
      r.add = add;
      for (unsigned l = 0; l < RQ; ++l) r.acc.push_back(1000 * n + static_cast<int32_t>(l));
      for (unsigned l = 0; l < AL; ++l) {
        r.a.push_back(static_cast<int8_t>(n + l));
        r.b.push_back(static_cast<int8_t>(2 * l));
      }
      for (uint32_t v : values(r)) in.push_back(v);
      for (unsigned e : step_shifts(r, p)) shifts.push_back(e);
      for (int8_t b : expected(r, p)) bytes.push_back(b);
    }
    for (std::size_t k = 0; k < shifts.size(); ++k) {
      takes_value.push_back(!add || k % 3 != 2);
      last_step.push_back(!add || k % 3 == 2);
    }
    h->add_i = add;
    h->out_ready_i = 1;
    h.tick();  // a value comes a cycle after add_i changes at the earliest
    const uint64_t t0 = h.cycle();
    std::vector<uint64_t> step_end;
    uint64_t end = t0 - 1;
    for (unsigned e : shifts) step_end.push_back(end += 36 + e);
    std::size_t next_in = 0, next_out = 0;
    std::vector<std::size_t> value_steps, out_steps;
    for (std::size_t k = 0; k < shifts.size(); ++k) {
      if (takes_value[k]) value_steps.push_back(k);
      if (last_step[k]) out_steps.push_back(k);
    }
    while (next_out < bytes.size() && h.cycle() < end + 10) {
      h->in_valid_i = next_in < in.size();
      h->in_value_i = next_in < in.size() ? in[next_in] : 0;
      h.eval();
      if (h->in_ready_o) {
        REQUIRE(next_in < in.size());
        CHECK(h.cycle() == step_end[value_steps[next_in]]);
        ++next_in;
      }
      if (h->out_valid_o) {
        CHECK(h.cycle() == step_end[out_steps[next_out]] + 1);
        CHECK(static_cast<int8_t>(h->out_data_o) == bytes[next_out]);
        ++next_out;
      }
      h.tick();
    }
    REQUIRE(next_in == in.size());
    REQUIRE(next_out == bytes.size());
    h->in_valid_i = 0;
    h.tick();
  }
}

TEMPLATE_TEST_CASE("serial rescaler holds a finished byte until it is taken",
                   "[vec][rescale]", NPU_RESCALE_MODELS) {
  // Lane 0's byte is not taken: lane 1's step runs but does not end (its value is not
  // released) while lane 0's byte stays on the output; once it is taken, lane 1 ends.
  constexpr unsigned RQ = RescaleShape<TestType>::rq_lanes;
  Harness<TestType> h("rescale_serial_hold");
  h.reset();
  Params p;
  for (unsigned l = 0; l < RQ; ++l) p.rq.push_back({static_cast<int32_t>(l), 1 << 30, 1, 0});
  drive(h, p);
  Row row;
  for (unsigned l = 0; l < RQ; ++l) row.acc.push_back(40 - 60 * static_cast<int32_t>(l));
  const std::vector<int8_t> want = expected(row, p);
  h->add_i = 0;
  h.tick();
  h->in_value_i = static_cast<uint32_t>(row.acc[0]);
  h->in_valid_i = 1;
  h->out_ready_i = 0;
  h.run_until([&] { return bool(h->in_ready_o); }, 5000, "lane 0 taken");
  h.tick();
  h->in_value_i = static_cast<uint32_t>(row.acc[1]);  // waits while lane 0's byte is not taken
  for (int c = 0; c < 400; ++c) {
    h.eval();
    REQUIRE(h->out_valid_o);
    REQUIRE_FALSE(h->in_ready_o);
    REQUIRE(static_cast<int8_t>(h->out_data_o) == want[0]);
    h.tick();
  }
  h->out_ready_i = 1;
  h.eval();
  REQUIRE(h->in_ready_o);  // lane 1's step was done: it ends as lane 0's byte is taken
  h.tick();
  h->in_valid_i = 0;
  h.eval();
  REQUIRE(h->out_valid_o);
  CHECK(static_cast<int8_t>(h->out_data_o) == want[1]);
  h.tick();
  for (std::size_t l = 2; l < RQ; ++l) {  // the rest of the row, so that it ends whole
    h->in_value_i = static_cast<uint32_t>(row.acc[l]);
    h->in_valid_i = 1;
    h.run_until([&] { return bool(h->in_ready_o); }, 5000, "lane taken");
    h.tick();
    h->in_valid_i = 0;
    h.eval();
    REQUIRE(h->out_valid_o);
    CHECK(static_cast<int8_t>(h->out_data_o) == want[l]);
    h.tick();
  }
}

TEMPLATE_TEST_CASE("serial rescaler's tables read as zero until written", "[vec][rescale]",
                   NPU_RESCALE_MODELS) {
  // After reset a requantize uses bias 0, multiplier 0, shift 0 and an add multipliers 0
  // (what the core's registers held before the tables and multipliers moved into a RAM,
  // which a reset does not clear): every value gives the zero point. Everything is written
  // first, then the unit is reset; then the add's multipliers are written one by one, and
  // an add gives the reference's result with the ones written and zero for the others.
  constexpr unsigned RQ = RescaleShape<TestType>::rq_lanes;
  constexpr unsigned AL = RescaleShape<TestType>::add_lanes;
  Harness<TestType> h("rescale_serial_reset");
  h.reset();
  Params p;
  for (unsigned l = 0; l < RQ; ++l) p.rq.push_back({1000, 1 << 30, 2, 0});
  p.add.a_zero_point = 3;
  p.add.b_zero_point = -2;
  p.add.out_zero_point = -7;
  p.add.a_multiplier = 1 << 30;
  p.add.b_multiplier = 3 << 28;
  p.add.out_multiplier = 1 << 29;
  p.add.a_shift = 1;
  p.add.b_shift = 2;
  p.add.out_shift = 0;
  drive(h, p);
  h.reset();
  h->zero_point_i = static_cast<uint8_t>(int8_t{-7});
  h->act_min_i = static_cast<uint8_t>(int8_t{-128});
  h->act_max_i = 127;
  // One row through an idle unit, its results taken; returns the result bytes.
  std::mt19937_64 rng(7);
  auto one_row = [&](const Row& r) { return run_rows(h, {r}, rng, 1.0, 1.0); };
  Row rq;
  for (unsigned l = 0; l < RQ; ++l) rq.acc.push_back(static_cast<int32_t>(1000 * (l + 1)));
  CHECK(one_row(rq) == std::vector<int8_t>(RQ, -7));
  Row add;
  add.add = true;
  for (unsigned l = 0; l < AL; ++l) {
    add.a.push_back(static_cast<int8_t>(40 + 9 * l));
    add.b.push_back(static_cast<int8_t>(-30 + 11 * l));
  }
  h->a_zero_point_i = static_cast<uint8_t>(p.add.a_zero_point);
  h->b_zero_point_i = static_cast<uint8_t>(p.add.b_zero_point);
  h->a_shift_i = p.add.a_shift;
  h->b_shift_i = p.add.b_shift;
  h->out_shift_i = p.add.out_shift;
  CHECK(one_row(add) == std::vector<int8_t>(AL, -7));
  // The multipliers written one at a time: a, then b, then the output's.
  AddParams now = p.add;
  now.a_multiplier = now.b_multiplier = now.out_multiplier = 0;
  const int32_t mults[3] = {p.add.a_multiplier, p.add.b_multiplier, p.add.out_multiplier};
  for (unsigned sel = 0; sel < 3; ++sel) {
    write_multiplier(h, sel, mults[sel]);
    (sel == 0 ? now.a_multiplier : sel == 1 ? now.b_multiplier : now.out_multiplier) = mults[sel];
    std::vector<int8_t> want;
    for (unsigned l = 0; l < AL; ++l) want.push_back(eltwise_add(add.a[l], add.b[l], now));
    INFO("multipliers written: " << sel + 1);
    CHECK(one_row(add) == want);
  }
}
