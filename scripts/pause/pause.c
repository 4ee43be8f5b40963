/*
 * The sandbox process of every pod in the kind node image built here
 * (scripts/kind-node-image.sh): it holds the pod's namespaces open, reaps orphaned
 * children (it is PID 1 when the pod shares its PID namespace), and exits at once on
 * SIGINT or SIGTERM so that pods stop without a delay.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int signo) {
  (void)signo;
  _exit(0);
}

static void reap(int signo) {
  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction action = {0};
  action.sa_handler = stop;
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  action.sa_handler = reap;
  action.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigaction(SIGCHLD, &action, NULL);
  for (;;) {
    pause();
  }
}
