FROM alpine:3.20
CMD ["sh", "-c", "echo"
ENTRYPOINT [1, 2, ["x"]]
