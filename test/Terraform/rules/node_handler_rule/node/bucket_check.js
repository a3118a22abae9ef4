exports.handler = async (event) => {
  return { status: "ok" };
};
