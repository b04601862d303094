// SPDX-License-Identifier: Apache-2.0
// npu_rescale_serial, the vector unit's one-value-at-a-time requantize and add: rows of
// both rules mixed under random traffic against the C++ reference (the rule switched
// between rows, the parameters and the tables they keep per batch, corner values), the
// cycles a row takes (the documented sum over its lanes, from the shifts), a finished row
// held unchanged while the next one waits, and all-zero tables until the first write. Three shapes: the iCEBreaker's (4 and 4 lanes), rect's (4
// and 8) and an odd one with more requantize lanes than add lanes (5 and 3).
#include <catch2/catch.hpp>

#include <deque>
#include <limits>
#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
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

// The requantize tables are written a lane a cycle (bias, multiplier, shift) from that
// lane of the input row, with no row in (the other lanes hold junk); the add's three
// multipliers one a cycle through their own port; the rest are plain inputs.
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
      for (std::size_t k = 0; k < p.rq.size(); ++k)
        set_field(h->in_data_i, k * 32, 32, 0xdead0000u + static_cast<uint32_t>(17 * k + sel));
      set_field(h->in_data_i, l * 32, 32,
                static_cast<uint32_t>(sel == 0 ? q.bias : sel == 1 ? q.multiplier : q.shift));
      h.tick();
    }
  }
  h->table_we_i = 0;
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

template <class M>
void present(Harness<M>& h, const Row& r) {
  h->add_i = r.add;
  for (std::size_t l = 0; l < r.acc.size(); ++l)
    set_field(h->in_data_i, l * 32, 32, static_cast<uint32_t>(r.acc[l]));
  for (std::size_t l = 0; l < r.a.size(); ++l) {
    set_field(h->in_a_i, l * 8, 8, static_cast<uint8_t>(r.a[l]));
    set_field(h->in_b_i, l * 8, 8, static_cast<uint8_t>(r.b[l]));
  }
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

// Cycles from a row presented to an idle unit to its last value done (in_ready_o); the
// output shows the next cycle.
unsigned row_cycles(const Row& r, const Params& p) {
  unsigned cycles = 0;
  if (r.add) {
    for (std::size_t l = 0; l < r.a.size(); ++l)
      cycles += 3 * 36 + p.add.a_shift + p.add.b_shift + p.add.out_shift;
  } else {
    for (std::size_t l = 0; l < r.acc.size(); ++l) cycles += 36 + p.rq[l].shift;
  }
  return cycles;
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

    std::deque<Row> rows;
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
    std::deque<Row> in_flight;
    bool presenting = false;
    for (int guard = 0; guard < 200000 && (!rows.empty() || !in_flight.empty()); ++guard) {
      if (!presenting && !rows.empty()) presenting = std::bernoulli_distribution(0.6)(rng);
      h->in_valid_i = presenting;
      if (presenting) present(h, rows.front());
      h->out_ready_i = std::bernoulli_distribution(0.5)(rng);
      h.eval();
      if (h->out_valid_o && h->out_ready_i) {
        REQUIRE_FALSE(in_flight.empty());
        const std::vector<int8_t> want = expected(in_flight.front(), p);
        for (std::size_t l = 0; l < want.size(); ++l) {
          INFO((in_flight.front().add ? "add" : "requantize") << " lane " << l);
          REQUIRE(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == want[l]);
        }
        added += in_flight.front().add;
        in_flight.pop_front();
        ++checked;
      }
      if (presenting && h->in_ready_o) {
        in_flight.push_back(rows.front());
        rows.pop_front();
        presenting = false;
      }
      h.tick();
    }
    REQUIRE(rows.empty());
    REQUIRE(in_flight.empty());
  }
  CHECK(checked == 12 * 24);
  CHECK(added > 0);
  CHECK(added < checked);
}

TEMPLATE_TEST_CASE("serial rescaler takes 36 + shift cycles a step, one value at a time",
                   "[vec][rescale][latency]", NPU_RESCALE_MODELS) {
  // Rows fed back to back with the output always taken: each row's input is released
  // (in_ready) after exactly the documented cycles, and its output shows the cycle after.
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
  std::vector<Row> rows;
  for (int n = 0; n < 4; ++n) {
    Row r;
    r.add = n % 2;
    for (unsigned l = 0; l < RQ; ++l) r.acc.push_back(1000 * n + static_cast<int32_t>(l));
    for (unsigned l = 0; l < AL; ++l) {
      r.a.push_back(static_cast<int8_t>(n + l));
      r.b.push_back(static_cast<int8_t>(2 * l));
    }
    rows.push_back(r);
  }
  h->out_ready_i = 1;
  h->in_valid_i = 1;
  uint64_t start = h.cycle();
  for (const Row& r : rows) {
    present(h, r);
    const unsigned want = row_cycles(r, p);
    INFO((r.add ? "add" : "requantize") << " row");
    for (unsigned c = 0; c < want; ++c) {
      h.eval();
      REQUIRE_FALSE(h->in_ready_o);
      h.tick();
    }
    h.eval();
    REQUIRE(h->in_ready_o);
    CHECK(h.cycle() - start == want);
    h.tick();
    h.eval();
    REQUIRE(h->out_valid_o);
    const std::vector<int8_t> out = expected(r, p);
    for (std::size_t l = 0; l < out.size(); ++l)
      CHECK(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == out[l]);
    start = h.cycle();  // the next row started as this one's output was taken
  }
}

TEMPLATE_TEST_CASE("serial rescaler holds a finished row until it is taken",
                   "[vec][rescale]", NPU_RESCALE_MODELS) {
  constexpr unsigned RQ = RescaleShape<TestType>::rq_lanes;
  Harness<TestType> h("rescale_serial_hold");
  h.reset();
  Params p;
  for (unsigned l = 0; l < RQ; ++l) p.rq.push_back({static_cast<int32_t>(l), 1 << 30, 1, 0});
  drive(h, p);
  Row first, second;
  for (unsigned l = 0; l < RQ; ++l) {
    first.acc.push_back(40 + static_cast<int32_t>(l));
    second.acc.push_back(-80 - static_cast<int32_t>(l));
  }
  present(h, first);
  h->in_valid_i = 1;
  h->out_ready_i = 0;
  h.run_until([&] { return bool(h->in_ready_o); }, 5000, "first row taken");
  h.tick();
  present(h, second);  // waits while the first result is not taken
  for (int c = 0; c < 400; ++c) {
    h.eval();
    REQUIRE(h->out_valid_o);
    REQUIRE_FALSE(h->in_ready_o);
    const std::vector<int8_t> out = expected(first, p);
    for (std::size_t l = 0; l < out.size(); ++l)
      REQUIRE(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == out[l]);
    h.tick();
  }
  h->out_ready_i = 1;
  h.run_until([&] { return bool(h->in_ready_o); }, 5000, "second row taken");
  h.tick();
  h->in_valid_i = 0;
  h.eval();
  REQUIRE(h->out_valid_o);
  const std::vector<int8_t> out = expected(second, p);
  for (std::size_t l = 0; l < out.size(); ++l)
    CHECK(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == out[l]);
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
  // One row through an idle unit, its output taken; returns the output bytes.
  auto one_row = [&](const Row& r) {
    present(h, r);
    h->in_valid_i = 1;
    h->out_ready_i = 0;
    h.run_until([&] { return bool(h->in_ready_o); }, 20000, "row taken");
    h.tick();
    h->in_valid_i = 0;
    h.eval();
    REQUIRE(h->out_valid_o);
    std::vector<int8_t> out;
    for (std::size_t l = 0; l < (r.add ? AL : RQ); ++l)
      out.push_back(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)));
    h->out_ready_i = 1;
    h.tick();
    h->out_ready_i = 0;
    return out;
  };
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
