#!/usr/bin/python3
"""The speed benchmark's queueing model in SimPy 2.3 (Debian's python3-simpy),
written the way SimPy 2's documentation teaches it: a generator process
activates one Customer process per request, and a customer requests, holds
and releases a Resource at each station of the tandem (capacity = servers,
FIFO). Each station's service time is drawn when a customer arrives there,
from that station's own stream, as the C++ implementations do. Python's
Mersenne Twister, not xoshiro256**: the same distributions, other numbers.

usage: simpy_queues.py STATIONS SERVERS LAMBDA MU REQUESTS SEED
prints one line: requests completions visits wall_s simulated_s mean_response_s peak_rss_kib
(wall_s covers building the model and running it, not Python's start-up)
"""
import random
import resource
import sys
import time

from SimPy.Simulation import Process, Resource, Simulation, hold, release, request


class Totals:
    def __init__(self):
        self.completed = 0
        self.visits = 0
        self.response_sum = 0.0


class Customer(Process):
    def visit(self, stations, streams, mu, totals):
        created = self.sim.now()
        for station, stream in zip(stations, streams):
            service = stream.expovariate(mu)
            totals.visits += 1
            yield request, self, station
            yield hold, self, service
            yield release, self, station
        totals.response_sum += self.sim.now() - created
        totals.completed += 1


class Generator(Process):
    def generate(self, count, lam, arrivals, stations, streams, mu, totals):
        for _ in range(count):
            yield hold, self, arrivals.expovariate(lam)
            customer = Customer(sim=self.sim)
            self.sim.activate(customer, customer.visit(stations, streams, mu, totals))


def main(argv):
    if len(argv) != 7:
        sys.exit(__doc__)
    stations, servers = int(argv[1]), int(argv[2])
    lam, mu = float(argv[3]), float(argv[4])
    count, seed = int(argv[5]), int(argv[6])

    start = time.perf_counter()
    sim = Simulation()
    resources = [Resource(capacity=servers, name="s%d" % k, sim=sim) for k in range(stations)]
    streams = [random.Random("%d/s%d/service" % (seed, k)) for k in range(stations)]
    arrivals = random.Random("%d/clients" % seed)
    totals = Totals()
    generator = Generator(sim=sim)
    sim.activate(generator, generator.generate(count, lam, arrivals, resources, streams, mu, totals))
    sim.simulate(until=1e300)
    wall = time.perf_counter() - start

    mean = totals.response_sum / totals.completed if totals.completed else 0.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("%d %d %d %.9f %.17g %.17g %d" % (count, totals.completed, totals.visits, wall, sim.now(), mean, rss))


if __name__ == "__main__":
    main(sys.argv)
